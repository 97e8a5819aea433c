package io.monkeyfleet.monkey;

import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "monkeyfleet.monkey.provisioner.token=smoke-test-token")
class MonkeyServiceApplicationIT extends ServiceSmokeTest {

}
