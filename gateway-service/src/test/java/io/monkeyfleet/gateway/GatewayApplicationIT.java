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

	@Test
	void theRunningServerCountsEveryHeaderFieldRepeatedNamesIncluded() {
		// The limit is 100 fields; the JDK client adds a few of its own (Host,
		// User-Agent,
		// Content-Length and the like), so 90 of ours pass and 60 repetitions of one name
		// twice over do not.
		java.net.http.HttpRequest.Builder fewer = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(baseUrl() + "/actuator/health"));
		java.net.http.HttpRequest.Builder more = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(baseUrl() + "/actuator/health"));
		for (int i = 0; i < 90; i++) {
			fewer.header("X-Field-" + i, "v");
		}
		for (int i = 0; i < 120; i++) {
			more.header("X-Same", "v" + i);
		}
		assertThat(Http.send(fewer.build()).status()).isEqualTo(200);
		Http.Response refused = Http.send(more.build());
		assertThat(refused.status()).isEqualTo(431);
		assertThat(refused.body()).containsPattern("carries 12\\d header fields").doesNotContain("Exception");
	}

}
