package io.monkeyfleet.agent;

import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorAgentApplicationIT extends ServiceSmokeTest {

}
