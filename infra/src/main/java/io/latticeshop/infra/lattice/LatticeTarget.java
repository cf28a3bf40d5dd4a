package io.latticeshop.infra.lattice;

import java.util.Objects;

import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancer;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * What a Lattice service forwards to. One kind per compute service of the shop, so a
 * target group can only be built with the settings Lattice accepts for that kind.
 */
public sealed interface LatticeTarget {

	/**
	 * EC2 instances answering plain HTTP on {@code port}, registered by an Auto Scaling
	 * group that has the target group as its traffic source: the template lists none.
	 *
	 * @param port the port the application listens on
	 * @param vpc the instances' VPC
	 * @param healthCheckPath the path Lattice probes
	 */
	record InstanceTarget(int port, IVpc vpc, String healthCheckPath) implements LatticeTarget {

		public InstanceTarget {
			Objects.requireNonNull(vpc, "vpc");
			Objects.requireNonNull(healthCheckPath, "healthCheckPath");
		}

	}

	/**
	 * An internal Application Load Balancer listening on {@code listenerPort}. Lattice
	 * does not health-check ALB targets; the ALB checks its own targets.
	 *
	 * @param loadBalancer the load balancer
	 * @param listenerPort the port of its listener
	 * @param vpc the load balancer's VPC
	 */
	record AlbTarget(IApplicationLoadBalancer loadBalancer, int listenerPort, IVpc vpc) implements LatticeTarget {

		public AlbTarget {
			Objects.requireNonNull(loadBalancer, "loadBalancer");
			Objects.requireNonNull(vpc, "vpc");
		}

	}

	/**
	 * A Lambda function, best an alias so that Lattice always calls the published version
	 * (which is what SnapStart snapshots).
	 *
	 * @param function the function or alias
	 */
	record LambdaTarget(IFunction function) implements LatticeTarget {

		public LambdaTarget {
			Objects.requireNonNull(function, "function");
		}

	}

}
