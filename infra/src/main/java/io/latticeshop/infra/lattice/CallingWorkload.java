package io.latticeshop.infra.lattice;

import java.util.Objects;

import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.iam.IRole;

/**
 * A workload that calls Lattice services: the role its requests are signed with and the
 * VPC they leave from. Auth policies match on both, so a stolen credential is useless
 * outside that VPC.
 *
 * @param role the role the caller's SigV4 credentials belong to
 * @param vpc the VPC the caller's requests originate in
 */
public record CallingWorkload(IRole role, IVpc vpc) {

	public CallingWorkload {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(vpc, "vpc");
	}

}
