package io.latticeshop.lattice.server;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatticeCallerTests {

	@Test
	void readsAllThreeLatticeHeaders() {
		Map<String, String> headers = Map.of(LatticeCaller.IDENTITY_HEADER,
				"Principal=arn:aws:sts::111122223333:assumed-role/WebServerRole/i-0abc; PrincipalOrgID=o-example; SessionName=i-0abc; Type=AWS_IAM",
				LatticeCaller.NETWORK_HEADER, "SourceVpcArn=arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0web",
				LatticeCaller.TARGET_HEADER,
				"ServiceArn=arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-erp;ServiceNetworkArn=arn:aws:vpc-lattice:us-east-1:111122223333:servicenetwork/sn-1;TargetGroupArn=arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-1");

		LatticeCaller caller = LatticeCaller.from(headers::get);

		assertThat(caller.principal()).isEqualTo("arn:aws:sts::111122223333:assumed-role/WebServerRole/i-0abc");
		assertThat(caller.principalOrgId()).isEqualTo("o-example");
		assertThat(caller.sessionName()).isEqualTo("i-0abc");
		assertThat(caller.type()).isEqualTo("AWS_IAM");
		assertThat(caller.sourceVpcArn()).isEqualTo("arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0web");
		assertThat(caller.serviceArn()).endsWith("service/svc-erp");
		assertThat(caller.serviceNetworkArn()).endsWith("servicenetwork/sn-1");
		assertThat(caller.targetGroupArn()).endsWith("targetgroup/tg-1");
		assertThat(caller.isAuthenticated()).isTrue();
		assertThat(caller.describe()).isEqualTo(
				"arn:aws:sts::111122223333:assumed-role/WebServerRole/i-0abc from arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0web");
	}

	@Test
	void sessionNamesMayContainEquals() {
		LatticeCaller caller = LatticeCaller.from(Map.of(LatticeCaller.IDENTITY_HEADER,
				"Principal=arn:aws:sts::1:assumed-role/R/a=b;SessionName=a=b")::get);

		assertThat(caller.principal()).isEqualTo("arn:aws:sts::1:assumed-role/R/a=b");
		assertThat(caller.sessionName()).isEqualTo("a=b");
	}

	@Test
	void anonymousCallerThroughLatticeHasNetworkButNoPrincipal() {
		LatticeCaller caller = LatticeCaller.from(Map.of(LatticeCaller.IDENTITY_HEADER, "Type=ANONYMOUS",
				LatticeCaller.NETWORK_HEADER, "SourceVpcArn=arn:aws:ec2:us-east-1:1:vpc/vpc-1")::get);

		assertThat(caller.isAuthenticated()).isFalse();
		assertThat(caller.describe()).isEqualTo("anonymous from arn:aws:ec2:us-east-1:1:vpc/vpc-1");
	}

	@Test
	void noHeadersMeansNotThroughLattice() {
		LatticeCaller caller = LatticeCaller.from((name) -> null);

		assertThat(caller.isAuthenticated()).isFalse();
		assertThat(caller.sourceVpcArn()).isNull();
		assertThat(caller.describe()).isEqualTo("anonymous");
	}

}
