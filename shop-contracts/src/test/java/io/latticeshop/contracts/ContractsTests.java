package io.latticeshop.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContractsTests {

	@Test
	void latticeHeaderFieldsReadAsLatticeWritesThem() {
		assertThat(LatticeHeaders.fields("Principal=arn:aws:sts::1:assumed-role/R/s; SessionName=s; Type=AWS_IAM"))
			.containsExactly(java.util.Map.entry("Principal", "arn:aws:sts::1:assumed-role/R/s"),
					java.util.Map.entry("SessionName", "s"), java.util.Map.entry("Type", "AWS_IAM"));
		assertThat(LatticeHeaders.fields("ServiceArn=arn:a=b;TargetGroupArn=arn:c"))
			.containsEntry("ServiceArn", "arn:a=b")
			.containsEntry("TargetGroupArn", "arn:c");
		// Empty fields left out; a second value of a field is not Lattice's and loses.
		assertThat(LatticeHeaders.fields("Type=; Principal=first; Principal=second; =x; junk"))
			.containsExactly(java.util.Map.entry("Principal", "first"));
		assertThat(LatticeHeaders.fields(null)).isEmpty();
		assertThat(LatticeHeaders.fields("  ")).isEmpty();
	}

	@Test
	void problemTypesLiveUnderOneBaseAndUnnamedStatusesKeepTheirNumber() {
		assertThat(ProblemTypes.forStatus(400)).isEqualTo(ProblemTypes.INVALID_REQUEST);
		assertThat(ProblemTypes.forStatus(422).toString()).isEqualTo("https://latticeshop.io/problems/http-422");
		assertThat(ProblemTypes.type("order-not-found").toString())
			.isEqualTo("https://latticeshop.io/problems/order-not-found");
	}

}
