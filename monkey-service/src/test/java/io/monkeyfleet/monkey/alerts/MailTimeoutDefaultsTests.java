package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

class MailTimeoutDefaultsTests {

	@Test
	void givesTheMailSenderConnectReadAndWriteTimeouts() {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		new MailTimeoutDefaults(() -> Duration.ofSeconds(7)).postProcessBeforeInitialization(sender, "mailSender");
		assertThat(sender.getJavaMailProperties()).containsEntry("mail.smtp.connectiontimeout", "7000")
			.containsEntry("mail.smtp.timeout", "7000")
			.containsEntry("mail.smtp.writetimeout", "7000")
			.containsEntry("mail.smtps.timeout", "7000");
		assertThat(sender.getSession().getProperty("mail.smtp.timeout")).isEqualTo("7000");
	}

	@Test
	void leavesATimeoutSetExplicitlyAsItIs() {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		Properties explicit = new Properties();
		explicit.setProperty("mail.smtp.timeout", "60000");
		sender.setJavaMailProperties(explicit);
		sender.setProtocol("smtps");
		new MailTimeoutDefaults(() -> Duration.ofSeconds(7)).postProcessBeforeInitialization(sender, "mailSender");
		assertThat(sender.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "60000")
			.containsEntry("mail.smtp.connectiontimeout", "7000")
			.containsEntry("mail.smtps.writetimeout", "7000");
	}

	@Test
	void leavesOtherBeansAlone() {
		Object other = new Object();
		assertThat(new MailTimeoutDefaults(() -> Duration.ofSeconds(7)).postProcessBeforeInitialization(other, "x"))
			.isSameAs(other);
	}

}
