package io.latticeshop.local.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTests {

	@ParameterizedTest(name = "{0} ~ {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			arn:aws:svc/s-1/*       | arn:aws:svc/s-1/orders      | true
			arn:aws:svc/s-1/*       | arn:aws:svc/s-1/            | true
			arn:aws:svc/s-1/*       | arn:aws:svc/s-1             | false
			arn:aws:svc/s-1/*       | arn:aws:svc/s-2/orders      | false
			arn:aws:svc/*/orders    | arn:aws:svc/s-1/orders      | true
			arn:aws:svc/*/orders    | arn:aws:svc/s-1/orders/42   | false
			arn:aws:svc/*/orders*   | arn:aws:svc/s-1/orders/42   | true
			arn:aws:svc/s-?/*       | arn:aws:svc/s-1/orders      | true
			arn:aws:svc/s-?/*       | arn:aws:svc/s-10/orders     | false
			arn:aws:svc/s-?         | arn:aws:svc/s-10            | false
			arn:aws:svc/s-1/o?ders  | arn:aws:svc/s-1/orders      | true
			*                       | anything at all             | true
			*                       | ''                          | true
			a*b*c                   | abxbyc                      | true
			a*b*c                   | abxbyd                      | false
			arn:aws:svc/s-1/orders  | arn:aws:svc/s-1/orders      | true
			arn:aws:svc/s-1/orders  | arn:aws:svc/s-1/Orders      | false
			""")
	void matchesAsIamWildcardsDo(String pattern, String value, boolean matches) {
		assertThat(new Glob(pattern, false).matches(value)).isEqualTo(matches);
	}

	@ParameterizedTest(name = "{0} ~ {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			vpc-lattice-svcs:Invoke  | VPC-Lattice-Svcs:invoke     | true
			vpc-lattice-svcs:*       | VPC-LATTICE-SVCS:Invoke     | true
			VPC-lattice-svcs:Inv?ke  | vpc-lattice-svcs:invoke     | true
			vpc-lattice-svcs:I*      | vpc-lattice:Invoke          | false
			""")
	void actionsMatchWhateverTheirCase(String pattern, String value, boolean matches) {
		assertThat(new Glob(pattern, true).matches(value)).isEqualTo(matches);
	}

}
