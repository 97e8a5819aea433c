package io.monkeyfleet.monkey;

import io.monkeyfleet.monkey.admin.TestUsers;
import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "monkeyfleet.monkey.provisioner.token=smoke-test-token")
class MonkeyServiceApplicationIT extends ServiceSmokeTest {

	@DynamicPropertySource
	static void users(DynamicPropertyRegistry registry) {
		TestUsers.register(registry);
	}

}
