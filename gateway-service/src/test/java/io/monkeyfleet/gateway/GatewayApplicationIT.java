package io.monkeyfleet.gateway;

import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "monkeyfleet.gateway.snapshot.file=${java.io.tmpdir}/monkeyfleet-gateway-smoke-${random.uuid}.json")
class GatewayApplicationIT extends ServiceSmokeTest {

	@Test
	void exposesNoActuatorEndpointThatEditsRoutes() {
		Http.Response routes = Http.get(baseUrl() + "/actuator/gateway/routes");

		assertThat(routes.status()).isEqualTo(404);
		assertThat(routes.body()).doesNotContain("route_id");
	}

	@Test
	void isReadyWithAnEmptyFleetReadFromRedis() {
		Http.Response readiness = Http.get(baseUrl() + "/actuator/health/readiness");

		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"routingSnapshot\"");
	}

}
