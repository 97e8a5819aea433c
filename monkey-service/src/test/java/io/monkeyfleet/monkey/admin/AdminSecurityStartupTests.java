package io.monkeyfleet.monkey.admin;

import java.util.List;

import io.monkeyfleet.monkey.admin.security.AdminSecurityProperties;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad security configuration stops start-up before anything runs, with one line that
 * names what is wrong: no user at all, a password in plain text, a token that is not a
 * SHA-256, a user without a role.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminSecurityStartupTests {

	private static final String HASH = "{bcrypt}$2a$04$abcdefghijklmnopqrstuuJ2kY0Cj7m8uQ4b6pNqv9W5x3r1yZs2a";

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
					monkeyfleet.monkey.admin.verdict-wait=5s                                                                                       | monkeyfleet.monkey.security.users is empty
					monkeyfleet.monkey.security.users[0].name=alice,monkeyfleet.monkey.security.users[0].password=secret,monkeyfleet.monkey.security.users[0].role=operator | the password of user 'alice' must be a hash
					monkeyfleet.monkey.security.users[0].name=alice,monkeyfleet.monkey.security.users[0].password={noop}secret,monkeyfleet.monkey.security.users[0].role=operator | never plain text
					monkeyfleet.monkey.security.users[0].name=alice,monkeyfleet.monkey.security.users[0].password=HASH                        | 'alice' needs a role
					monkeyfleet.monkey.security.users[0].name=alice,monkeyfleet.monkey.security.users[0].password=HASH,monkeyfleet.monkey.security.users[0].role=admin | monkeyfleet.monkey.security.users[0].role
					monkeyfleet.monkey.security.users[0].name=alice,monkeyfleet.monkey.security.users[0].password=HASH,monkeyfleet.monkey.security.users[0].role=viewer,monkeyfleet.monkey.security.tokens[0].name=ci,monkeyfleet.monkey.security.tokens[0].sha256=abc,monkeyfleet.monkey.security.tokens[0].role=viewer | token 'ci' needs sha256
					""")
	void refusesToStartWithOneLine(String properties, String expected, CapturedOutput output) {
		String[] arguments = java.util.Arrays.stream(properties.replace("HASH", HASH).split(","))
			.map((property) -> "--" + property.trim())
			.toArray(String[]::new);
		assertThatException().isThrownBy(() -> application().run(arguments).close());
		List<String> reported = output.getAll().lines().filter((line) -> line.contains("Cannot start:")).toList();
		assertThat(reported).singleElement().asString().contains(expected);
		assertThat(output.getAll()).doesNotContain("\tat ");
	}

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(SecurityPropertiesOnly.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off");
	}

	/** Only the security settings: what start-up checks first. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigurationProperties(AdminSecurityProperties.class)
	static class SecurityPropertiesOnly {

		public static void main(String[] args) {
			SpringApplication.run(SecurityPropertiesOnly.class, args);
		}

	}

}
