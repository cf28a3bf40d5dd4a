package io.latticeshop.erp.customers;

import io.latticeshop.lattice.server.LatticeServerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(CustomerController.class)
@Import(CustomerRepository.class)
@ImportAutoConfiguration(LatticeServerAutoConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class CustomerControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void answersASeededCustomerAsTheContractShowsIt() throws Exception {
		this.mvc.perform(get("/api/customers/C-1001"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(content().json("""
					{"id":"C-1001","name":"Ada Lovelace","email":"ada@example.com","tier":"GOLD",
					 "address":{"street":"12 St James's Sq","city":"London","postalCode":"SW1Y 4JH","country":"GB"}}
					""", JsonCompareMode.STRICT));
	}

	@Test
	void answersTheLastSeededCustomer() throws Exception {
		this.mvc.perform(get("/api/customers/C-1020"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("C-1020"));
	}

	@Test
	void unknownCustomerIsANotFoundProblem() throws Exception {
		this.mvc.perform(get("/api/customers/C-9999"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/customer-not-found"))
			.andExpect(jsonPath("$.status").value(404))
			.andExpect(jsonPath("$.customerId").value("C-9999"));
	}

	@Test
	void malformedIdIsAnInvalidRequestProblem() throws Exception {
		this.mvc.perform(get("/api/customers/{id}", "C 1001!"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://latticeshop.io/problems/invalid-request"))
			.andExpect(jsonPath("$.errors[0].field").value("id"))
			.andExpect(jsonPath("$.errors[0].message").isNotEmpty());
	}

	@Test
	void logsTheLatticeCaller(CapturedOutput output) throws Exception {
		String principal = "arn:aws:sts::123456789012:assumed-role/web-server/i-0abc";
		this.mvc
			.perform(get("/api/customers/C-1002").header("x-amzn-lattice-identity",
					"Principal=" + principal + "; SessionName=i-0abc; Type=AWS_IAM"))
			.andExpect(status().isOk());

		assertThat(output).contains("Customer C-1002 requested by " + principal);
	}

}
