package io.latticeshop.infra.lattice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatticeNamesTests {

	@Test
	void namesFollowTheStackNameInLatticesAlphabet() {
		LatticeNames names = LatticeNames.forStack("LatticeShop-Staging2");

		assertThat(names.network()).isEqualTo("lattice-shop-staging2");
		assertThat(names.service("erp-service")).isEqualTo("lattice-shop-staging2-erp-service");
		assertThat(names.accessLogGroup()).isEqualTo("/aws/vendedlogs/vpc-lattice/lattice-shop-staging2");
	}

	@Test
	void aLongStackNameIsCutToLatticesLimitsAndEndsInAHashThatTellsSimilarNamesApart() {
		String one = LatticeNames.forStack("ShopForTheQualityAssuranceTeamInFrankfurt").service("order-processor");
		String other = LatticeNames.forStack("ShopForTheQualityAssuranceTeamInFrankfurtToo").service("order-processor");

		assertThat(one).hasSizeLessThanOrEqualTo(40).matches("[a-z0-9]+(-[a-z0-9]+)*").endsWith("-order-processor");
		assertThat(other).hasSizeLessThanOrEqualTo(40).isNotEqualTo(one);
		assertThat(LatticeNames.forStack("X".repeat(128)).network()).hasSize(63);
	}

	@Test
	void refusesWhatLatticeWouldRefuse() {
		assertThatIllegalArgumentException().isThrownBy(() -> LatticeNames.forStack("A1"))
			.withMessageContaining("too short");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LatticeNames.forStack("LatticeShop").service("Erp_Service"));
		assertThatIllegalArgumentException().isThrownBy(() -> LatticeNames.forStack("LatticeShop").service("-erp"));
	}

}
