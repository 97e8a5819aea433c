package io.monkeyfleet.gateway;

import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "monkeyfleet.gateway.snapshot.file=${java.io.tmpdir}/monkeyfleet-gateway-smoke-${random.uuid}.json")
class GatewayApplicationIT extends ServiceSmokeTest {

}
