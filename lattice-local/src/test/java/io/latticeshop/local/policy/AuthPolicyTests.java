package io.latticeshop.local.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.latticeshop.local.policy.AuthEvaluator.Decision;
import io.latticeshop.local.policy.AuthEvaluator.Level;
import io.latticeshop.local.policy.AuthPolicy.Verdict;
import io.latticeshop.local.template.Topology.PolicyStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthPolicyTests {

	static final String SERVICE = "arn:aws:vpc-lattice:us-east-1:000000000000:service/svc-0123456789abcdef0";

	static final String NETWORK = "arn:aws:vpc-lattice:us-east-1:000000000000:servicenetwork/sn-0123456789abcdef0";

	static final String ROLE = "arn:aws:iam::000000000000:role/WebServerRole";

	static final Optional<AuthPolicy> INVOKE_ANYWHERE = Optional.of(AuthPolicy.compileIdentityBased("Invoke",
			List.of(new PolicyStatement(0,
					JsonMapper.shared()
						.readTree("{\"Effect\":\"Allow\",\"Action\":\"vpc-lattice-svcs:Invoke\",\"Resource\":\"*\"}"),
					Optional.empty())),
			"Invoke"));

	static final Caller WEB = Caller.assumedRole(ROLE, "web-server", Optional.of("o-abc123"));

	static RequestContext request(Caller caller, String method, String path) {
		return new RequestContext(caller, "vpc-0aaaaaaaaaaaaaaaa", "000000000000", method, path,
				Map.of("tag", List.of("a", "b"), "id", List.of("7")),
				Map.of("content-type", List.of("application/json"), "x-tenant", List.of("Shop")), SERVICE, NETWORK,
				443);
	}

	static AuthPolicy policy(String statementJson) {
		return AuthPolicy.compile(
				JsonMapper.shared()
					.readTree("{\"Version\":\"2012-10-17\",\"Statement\":[" + statementJson.replace('\'', '"') + "]}"),
				"test policy");
	}

	static String allowWhen(String operator, String key, String values) {
		return "{'Effect':'Allow','Principal':'*','Action':'vpc-lattice-svcs:Invoke','Resource':'*','Condition':{'"
				+ operator + "':{'" + key + "':" + values + "}}}";
	}

	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			StringEquals              | vpc-lattice-svcs:RequestMethod              | 'GET'                     | true
			StringEquals              | vpc-lattice-svcs:RequestMethod              | 'get'                     | false
			StringEqualsIgnoreCase    | vpc-lattice-svcs:RequestMethod              | 'get'                     | true
			StringNotEquals           | vpc-lattice-svcs:RequestMethod              | ['POST','PUT']            | true
			StringNotEquals           | vpc-lattice-svcs:RequestMethod              | 'GET'                     | false
			StringNotEqualsIgnoreCase | vpc-lattice-svcs:RequestMethod              | 'get'                     | false
			StringLike                | vpc-lattice-svcs:RequestPath                | '/api/customers/*'        | true
			StringLike                | vpc-lattice-svcs:RequestPath                | '/api/customer?/C-100?'   | true
			StringLike                | vpc-lattice-svcs:RequestPath                | '/api/orders/*'           | false
			StringNotLike             | vpc-lattice-svcs:RequestPath                | '/admin/*'                | true
			StringEquals              | vpc-lattice-svcs:SourceVpc                  | 'vpc-0aaaaaaaaaaaaaaaa'   | true
			StringEquals              | vpc-lattice-svcs:SourceVpcOwnerAccount      | '000000000000'            | true
			StringEquals              | vpc-lattice-svcs:RequestQueryString/id      | '7'                       | true
			StringEquals              | vpc-lattice-svcs:RequestQueryString/missing | '7'                       | false
			StringEqualsIfExists      | vpc-lattice-svcs:RequestQueryString/missing | '7'                       | true
			StringNotEquals           | vpc-lattice-svcs:RequestQueryString/missing | '7'                       | true
			ForAnyValue:StringEquals  | vpc-lattice-svcs:RequestQueryString/tag     | ['b','z']                 | true
			ForAllValues:StringEquals | vpc-lattice-svcs:RequestQueryString/tag     | ['a','z']                 | false
			ForAllValues:StringEquals | vpc-lattice-svcs:RequestQueryString/tag     | ['a','b','c']             | true
			ForAllValues:StringEquals | vpc-lattice-svcs:RequestQueryString/missing | ['a']                     | true
			ForAnyValue:StringEquals  | vpc-lattice-svcs:RequestQueryString/missing | ['a']                     | false
			ForAnyValue:StringNotEquals | vpc-lattice-svcs:RequestQueryString/tag   | ['a']                     | true
			StringEquals              | vpc-lattice-svcs:RequestHeader/X-Tenant     | 'Shop'                    | true
			StringLike                | vpc-lattice-svcs:RequestHeader/content-type | 'application/*'           | true
			ArnEquals                 | vpc-lattice-svcs:ServiceArn                 | '""" + SERVICE
			+ """
					'   | true
					ArnLike                   | vpc-lattice-svcs:ServiceArn                 | 'arn:aws:vpc-lattice:*:000000000000:service/*' | true
					ArnNotLike                | vpc-lattice-svcs:ServiceNetworkArn          | 'arn:aws:vpc-lattice:*:111111111111:*' | true
					ArnLike                   | vpc-lattice-svcs:ServiceNetworkArn          | 'arn:aws:vpc-lattice:us-east-1:*:servicenetwork/sn-*' | true
					NumericEquals             | vpc-lattice-svcs:Port                       | 443                       | true
					NumericLessThan           | vpc-lattice-svcs:Port                       | 443                       | false
					StringEquals              | aws:PrincipalArn                            | '"""
			+ ROLE
			+ """
					'   | true
					ArnLike                   | aws:PrincipalArn                            | 'arn:aws:iam::*:role/Web*' | true
					StringEquals              | aws:PrincipalAccount                        | '000000000000'            | true
					StringEquals              | aws:PrincipalType                           | 'AssumedRole'             | true
					StringEquals              | aws:PrincipalOrgID                          | 'o-abc123'                | true
					StringEquals              | AWS:principalorgid                          | 'o-other'                 | false
					Bool                      | vpc-lattice-svcs:RequestHeader/x-tenant     | 'true'                    | false
					Null                      | vpc-lattice-svcs:RequestHeader/x-missing    | 'true'                    | true
					Null                      | aws:PrincipalOrgID                          | 'false'                   | true
					""")
	void conditionOperatorsAndKeys(String operator, String key, String values, boolean allowed) {
		AuthPolicy policy = policy(allowWhen(operator, key, values));
		RequestContext request = request(WEB, "GET", "/api/customers/C-1001");
		assertThat(policy.evaluate(request)).isEqualTo(allowed ? Verdict.ALLOW : Verdict.NO_ALLOW);
	}

	@Test
	void anonymousCallersHaveNoPrincipalArnOrAccount() {
		RequestContext anonymous = request(Caller.ANONYMOUS, "GET", "/");
		assertThat(policy(allowWhen("Null", "aws:PrincipalArn", "'true'")).evaluate(anonymous))
			.isEqualTo(Verdict.ALLOW);
		assertThat(policy(allowWhen("StringEquals", "aws:PrincipalType", "'Anonymous'")).evaluate(anonymous))
			.isEqualTo(Verdict.ALLOW);
		assertThat(policy("{'Effect':'Allow','Principal':{'AWS':'000000000000'},'Action':'*','Resource':'*'}")
			.evaluate(anonymous)).isEqualTo(Verdict.NO_ALLOW);
		assertThat(policy("{'Effect':'Allow','Principal':{'AWS':'*'},'Action':'*','Resource':'*'}").evaluate(anonymous))
			.isEqualTo(Verdict.ALLOW);
	}

	@Test
	void signedCallsNeedTheIdentityPoliciesToo() {
		Level allowAll = new Level(true,
				Optional.of(policy("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}")));
		RequestContext post = request(WEB, "POST", "/api/orders");

		Decision noIdentityPolicy = AuthEvaluator.decide(allowAll, allowAll, Optional.empty(), post);
		assertThat(noIdentityPolicy.allowed()).isFalse();
		assertThat(noIdentityPolicy.reason()).isEqualTo("Identity");
		assertThat(noIdentityPolicy.denial()).endsWith(
				SERVICE + "/api/orders because no identity-based policy allows the vpc-lattice-svcs:Invoke action");
		assertThat(noIdentityPolicy.statements()).endsWith("identity: no statement allows");

		Optional<AuthPolicy> denyOrders = identity("{'Effect':'Allow','Action':'vpc-lattice-svcs:*','Resource':'*'}",
				"{'Sid':'NoOrders','Effect':'Deny','Action':'*','Resource':'" + SERVICE + "/api/orders'}");
		Decision denied = AuthEvaluator.decide(allowAll, allowAll, denyOrders, post);
		assertThat(denied.denial()).endsWith("with an explicit deny in an identity-based policy");
		assertThat(denied.statements()).endsWith("identity: denied by Test Statement[1] (NoOrders)");
		assertThat(
				AuthEvaluator.decide(allowAll, allowAll, denyOrders, request(WEB, "POST", "/api/other")).statements())
			.isEqualTo("network: allowed by Statement[0]; service: allowed by Statement[0]; "
					+ "identity: allowed by Test Statement[0]");

		// Identity policies matter only where IAM does, and never for anonymous callers.
		assertThat(AuthEvaluator.decide(Level.NONE, Level.NONE, Optional.empty(), post).allowed()).isTrue();
		assertThat(AuthEvaluator.decide(Level.NONE, allowAll, Optional.empty(), post).allowed()).isFalse();
		assertThat(AuthEvaluator.decide(allowAll, allowAll, Optional.empty(), request(Caller.ANONYMOUS, "GET", "/"))
			.allowed()).isTrue();
	}

	@Test
	void identityStatementsAboutOtherActionsAreLeftOutAndPrincipalsRefused() {
		Optional<AuthPolicy> s3Only = identity("{'Effect':'Allow','Action':['s3:GetObject'],'Resource':'*'}");
		assertThat(s3Only.get().evaluate(request(WEB, "GET", "/"))).isEqualTo(Verdict.NO_ALLOW);
		assertThat(identity("{'Effect':'Allow','NotAction':'s3:*','Resource':'*'}").get()
			.evaluate(request(WEB, "GET", "/"))).isEqualTo(Verdict.ALLOW);
		assertThatThrownBy(() -> identity("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}"))
			.isInstanceOf(PolicyException.class)
			.hasMessageContaining("an identity-based policy statement cannot name a Principal");
	}

	private static Optional<AuthPolicy> identity(String... statements) {
		List<PolicyStatement> compiled = new ArrayList<>();
		for (String statement : statements) {
			compiled.add(new PolicyStatement(compiled.size(),
					JsonMapper.shared().readTree(statement.replace('\'', '"')), Optional.empty()));
		}
		return Optional.of(AuthPolicy.compileIdentityBased("Test", compiled, "Test"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			{'AWS':'arn:aws:iam::000000000000:role/WebServerRole'}                        | true
			{'AWS':['arn:aws:iam::000000000000:role/Other','000000000000']}             | true
			{'AWS':'arn:aws:iam::000000000000:root'}                                     | true
			{'AWS':'arn:aws:sts::000000000000:assumed-role/WebServerRole/web-server'}    | true
			{'AWS':'arn:aws:sts::000000000000:assumed-role/WebServerRole/other'}         | false
			{'AWS':'111111111111'}                                                       | false
			{'Service':'lambda.amazonaws.com'}                                           | false
			""")
	void principals(String principal, boolean allowed) {
		AuthPolicy policy = policy("{'Effect':'Allow','Principal':" + principal
				+ ",'Action':'vpc-lattice-svcs:*','Resource':'" + SERVICE + "/*'}");
		assertThat(policy.evaluate(request(WEB, "GET", "/x"))).isEqualTo(allowed ? Verdict.ALLOW : Verdict.NO_ALLOW);
	}

	@Test
	void actionResourceAndTheirNegations() {
		assertThat(policy("{'Effect':'Allow','Principal':'*','Action':'VPC-Lattice-Svcs:Inv*','Resource':'" + SERVICE
				+ "/api/*'}")
			.evaluate(request(WEB, "GET", "/api/x"))).isEqualTo(Verdict.ALLOW);
		assertThat(policy("{'Effect':'Allow','Principal':'*','Action':'vpc-lattice:*','Resource':'*'}")
			.evaluate(request(WEB, "GET", "/api/x"))).isEqualTo(Verdict.NO_ALLOW);
		assertThat(policy("{'Effect':'Allow','Principal':'*','Action':'*','NotResource':'" + SERVICE + "/admin/*'}")
			.evaluate(request(WEB, "GET", "/admin/x"))).isEqualTo(Verdict.NO_ALLOW);
		assertThat(policy("{'Effect':'Allow','Principal':'*','NotAction':'s3:*','Resource':'*'}")
			.evaluate(request(WEB, "GET", "/admin/x"))).isEqualTo(Verdict.ALLOW);
		assertThat(policy("{'Effect':'Allow','NotPrincipal':{'AWS':'111111111111'},'Action':'*','Resource':'*'}")
			.evaluate(request(WEB, "GET", "/"))).isEqualTo(Verdict.ALLOW);
	}

	@Test
	void explicitDenyWinsOverAllow() {
		AuthPolicy policy = policy("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'},"
				+ "{'Effect':'Deny','Principal':'*','Action':'*','Resource':'" + SERVICE + "/admin/*'}");
		assertThat(policy.evaluate(request(WEB, "GET", "/admin/users"))).isEqualTo(Verdict.EXPLICIT_DENY);
		assertThat(policy.evaluate(request(WEB, "GET", "/shop"))).isEqualTo(Verdict.ALLOW);
	}

	@Test
	void bothNetworkAndServiceMustAllow() {
		Level allowAll = new Level(true,
				Optional.of(policy("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}")));
		Level allowGetOnly = new Level(true,
				Optional.of(policy(allowWhen("StringEquals", "vpc-lattice-svcs:RequestMethod", "'GET'"))));
		Level iamWithoutPolicy = new Level(true, Optional.empty());
		RequestContext post = request(WEB, "POST", "/api/orders");

		assertThat(AuthEvaluator.decide(allowAll, allowAll, INVOKE_ANYWHERE, post).allowed()).isTrue();
		Decision serviceSaysNo = AuthEvaluator.decide(allowAll, allowGetOnly, INVOKE_ANYWHERE, post);
		assertThat(serviceSaysNo.allowed()).isFalse();
		assertThat(serviceSaysNo.denial()).isEqualTo("AccessDeniedException: User: "
				+ "arn:aws:sts::000000000000:assumed-role/WebServerRole/web-server is not authorized to perform: "
				+ "vpc-lattice-svcs:Invoke on resource: " + SERVICE + "/api/orders because no service-based policy "
				+ "allows the vpc-lattice-svcs:Invoke action");
		assertThat(AuthEvaluator.decide(allowGetOnly, allowAll, INVOKE_ANYWHERE, post).denial())
			.contains("because no network-based policy allows");
		assertThat(AuthEvaluator.decide(iamWithoutPolicy, allowAll, INVOKE_ANYWHERE, post).allowed()).isFalse();
		assertThat(AuthEvaluator.decide(Level.NONE, Level.NONE, INVOKE_ANYWHERE, post).allowed()).isTrue();
		assertThat(AuthEvaluator.decide(Level.NONE, allowAll, INVOKE_ANYWHERE, request(Caller.ANONYMOUS, "GET", "/"))
			.allowed()).isTrue();
		Level denyAll = new Level(true,
				Optional.of(policy("{'Effect':'Deny','Principal':'*','Action':'*','Resource':'*'}")));
		assertThat(AuthEvaluator.decide(allowAll, denyAll, INVOKE_ANYWHERE, post).denial())
			.endsWith("with an explicit deny in a service-based policy");
	}

	/**
	 * infra writes a grant's path twice, in the resource ARN and in a RequestPath
	 * condition; each form alone must decide every request the way the other does.
	 */
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/customers/*  | /api/customers/C-1001      | true
			/api/customers/*  | /api/customers/C-1001/more | true
			/api/customers/*  | /api/customers/           | true
			/api/customers/*  | /api/orders/O-1           | false
			/api/customers/*  | /api/customers            | false
			/api/customers/*  | /api/customersX/C-1001    | false
			/api/customers/*  | /API/customers/C-1001     | false
			/orders/process   | /orders/process           | true
			/orders/process   | /orders/process/          | false
			/orders/process   | /orders/processX          | false
			/orders/process   | /orders                   | false
			/orders/process   | /api/orders/process       | false
			""")
	void aPathInTheResourceAndAPathInTheConditionDecideAlike(String granted, String requested, boolean allowed) {
		String operator = granted.contains("*") ? "StringLike" : "StringEquals";
		AuthPolicy inResource = policy("{'Effect':'Allow','Principal':'*','Action':'vpc-lattice-svcs:Invoke',"
				+ "'Resource':'" + SERVICE + granted + "'}");
		AuthPolicy inCondition = policy(
				"{'Effect':'Allow','Principal':'*','Action':'vpc-lattice-svcs:Invoke'," + "'Resource':'" + SERVICE
						+ "/*','Condition':{'" + operator + "':{'vpc-lattice-svcs:RequestPath':'" + granted + "'}}}");
		AuthPolicy both = policy("{'Effect':'Allow','Principal':'*','Action':'vpc-lattice-svcs:Invoke',"
				+ "'Resource':'" + SERVICE + granted + "','Condition':{'" + operator
				+ "':{'vpc-lattice-svcs:RequestPath':'" + granted + "'}}}");
		Verdict expected = allowed ? Verdict.ALLOW : Verdict.NO_ALLOW;
		RequestContext request = request(WEB, "GET", requested);

		assertThat(inResource.evaluate(request)).isEqualTo(expected);
		assertThat(inCondition.evaluate(request)).isEqualTo(expected);
		assertThat(both.evaluate(request)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}} | not supported
					{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:SourceIp':'x'}}}        | aws:SourceIp
					{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'StringEqualz':{'aws:PrincipalType':'x'}}}  | not supported
					{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'NotBool':{'aws:PrincipalType':'x'}}}      | not supported
					{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'NullIfExists':{'aws:PrincipalType':'true'}}} | Null
					{'Effect':'Permit','Principal':'*','Action':'*','Resource':'*'}                                                      | Effect
					{'Effect':'Allow','Action':'*','Resource':'*'}                                                                       | Principal
					{'Effect':'Allow','Principal':{'AWS':'webserver'},'Action':'*','Resource':'*'}                                       | not an account id or ARN
					{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Conditions':{}}                                       | unknown policy element
					""")
	void anythingNotUnderstoodFailsAtCompileTime(String statement, String message) {
		assertThatThrownBy(() -> policy(statement)).isInstanceOf(PolicyException.class).hasMessageContaining(message);
	}

}
