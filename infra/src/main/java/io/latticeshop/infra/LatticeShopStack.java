package io.latticeshop.infra;

import java.util.Map;

import io.latticeshop.infra.erp.ErpFargateService;
import io.latticeshop.infra.lattice.CallingWorkload;
import io.latticeshop.infra.lattice.LatticeNames;
import io.latticeshop.infra.lattice.LatticePrefixList;
import io.latticeshop.infra.lattice.LatticeService;
import io.latticeshop.infra.lattice.LatticeServiceNetwork;
import io.latticeshop.infra.lattice.LatticeTarget.AlbTarget;
import io.latticeshop.infra.lattice.LatticeTarget.InstanceTarget;
import io.latticeshop.infra.lattice.LatticeTarget.LambdaTarget;
import io.latticeshop.infra.network.ShopVpc;
import io.latticeshop.infra.orders.OrderProcessorFunction;
import io.latticeshop.infra.tracing.XRayTracing;
import io.latticeshop.infra.web.OrdersDatabase;
import io.latticeshop.infra.web.WebServerGroup;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * The whole shop: three VPCs with one CIDR, a workload in each, and the Lattice service
 * network that is their only connection. Composition only; the constructs hold the
 * detail.
 */
public class LatticeShopStack extends Stack {

	/** Must match the function bean of the order-processor module. */
	static final String ORDER_PROCESSOR_FUNCTION = "processOrder";

	LatticeShopStack(Construct scope, String id, StackProps props, ShopArtifacts artifacts) {
		super(scope, id, props);
		if (artifacts.placeholders()) {
			Annotations.of(this)
				.addWarningV2("lattice-shop:placeholder-assets",
						"Synthesized with placeholder assets: read this template, do not deploy it.");
		}

		IVpc webVpc = new ShopVpc(this, "WebVpc", new ShopVpc.Props(true)).vpc();
		IVpc erpVpc = new ShopVpc(this, "ErpVpc", new ShopVpc.Props(true)).vpc();
		IVpc ordersVpc = new ShopVpc(this, "OrderProcessorVpc", new ShopVpc.Props(false)).vpc();

		// Lattice names follow the stack name, so that copies of the shop can share an
		// account and region.
		LatticeNames names = LatticeNames.forStack(getStackName());
		LatticeServiceNetwork network = new LatticeServiceNetwork(this, "Lattice", new LatticeServiceNetwork.Props(
				names, Map.of("Web", webVpc, "Erp", erpVpc, "OrderProcessor", ordersVpc), RetentionDays.ONE_MONTH));
		LatticeService webService = network.addService("WebServerService", "web-server");
		LatticeService erpService = network.addService("ErpService", "erp-service");
		LatticeService ordersService = network.addService("OrderProcessorService", "order-processor");
		String latticePrefixList = new LatticePrefixList(this, "LatticePrefixList").prefixListId();

		// The web server's and the ERP's spans go to X-Ray through a CloudWatch agent
		// beside each; -c tracingSampling=... sets how many traces they keep.
		XRayTracing tracing = XRayTracing.fromContext(scope.getNode());
		OrdersDatabase database = new OrdersDatabase(this, "OrdersDatabase",
				new OrdersDatabase.Props(webVpc, deletionProtection(scope)));
		WebServerGroup webServer = new WebServerGroup(this, "WebServer",
				new WebServerGroup.Props(webVpc,
						Asset.Builder.create(this, "WebServerJar").path(artifacts.webServerJar().toString()).build(),
						latticePrefixList,
						Map.of("LATTICE_PEERS_ERP_URL", erpService.url(), "LATTICE_PEERS_ORDER_PROCESSOR_URL",
								ordersService.url(), "LATTICE_REGION", Aws.REGION, "SPRING_PROFILES_ACTIVE", "aws",
								"SPRING_DATASOURCE_URL", database.jdbcUrl(), "SPRING_DATASOURCE_USERNAME",
								OrdersDatabase.USERNAME),
						database.secret(), tracing));
		database.allowFrom(webServer.securityGroup());

		ErpFargateService erp = new ErpFargateService(this, "Erp",
				new ErpFargateService.Props(erpVpc,
						ContainerImage.fromAsset(artifacts.erpServiceDir().toString(),
								AssetImageProps.builder()
									.buildArgs(artifacts.erpBuildArgs())
									.platform(Platform.LINUX_AMD64)
									.build()),
						latticePrefixList, Map.of("LATTICE_PEERS_WEB_SERVER_URL", webService.url(), "LATTICE_REGION",
								Aws.REGION, "SPRING_PROFILES_ACTIVE", "aws"),
						tracing));

		OrderProcessorFunction orderProcessor = new OrderProcessorFunction(this, "OrderProcessor",
				new OrderProcessorFunction.Props(ordersVpc, Code.fromAsset(artifacts.orderProcessorZip().toString()),
						ORDER_PROCESSOR_FUNCTION, Map.of("SPRING_PROFILES_ACTIVE", "aws")));

		webServer.attachTo(
				webService.routeTo(new InstanceTarget(WebServerGroup.PORT, webVpc, WebServerGroup.HEALTH_CHECK_PATH))
					.getAttrArn());
		erpService.routeTo(new AlbTarget(erp.loadBalancer(), ErpFargateService.LISTENER_PORT, erpVpc));
		ordersService.routeTo(new LambdaTarget(orderProcessor.alias()));

		// The root README's access matrix ("Who may call what"), row by row; everything
		// else is denied.
		CallingWorkload webServerCaller = new CallingWorkload(webServer.role(), webVpc);
		CallingWorkload erpCaller = new CallingWorkload(erp.taskRole(), erpVpc);
		erpService.allow(webServerCaller, "GET", "/api/customers/*");
		erpService.allow(webServerCaller, "GET", "/api/invoices/*");
		ordersService.allow(webServerCaller, "POST", "/orders/process");
		webService.allow(erpCaller, "GET", "/api/orders/*");

		output("WebServerUrl", webService, "Lattice URL of the web server");
		output("ErpServiceUrl", erpService, "Lattice URL of the ERP service");
		output("OrderProcessorUrl", ordersService, "Lattice URL of the order processor");
		CfnOutput.Builder.create(this, "WebServerGroupName")
			.value(webServer.group().getAutoScalingGroupName())
			.description("The web servers' Auto Scaling group: aws autoscaling describe-auto-scaling-groups "
					+ "--auto-scaling-group-names <this name> lists their instance ids for aws ssm start-session")
			.build();
	}

	/**
	 * Deletion protection of the orders database: on unless the context says
	 * {@code deletionProtection=false} ({@code cdk deploy -c deletionProtection=false}),
	 * which a stack meant to be destroyed needs.
	 */
	private static boolean deletionProtection(Construct scope) {
		Object value = scope.getNode().tryGetContext("deletionProtection");
		return value == null || !"false".equals(String.valueOf(value));
	}

	private void output(String id, LatticeService service, String description) {
		CfnOutput.Builder.create(this, id).value(service.url()).description(description).build();
	}

}
