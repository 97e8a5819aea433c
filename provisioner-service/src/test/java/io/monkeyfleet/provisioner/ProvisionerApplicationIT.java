package io.monkeyfleet.provisioner;

import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProvisionerApplicationIT extends ServiceSmokeTest {

}
