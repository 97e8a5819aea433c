package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Gives Spring Boot's mail sender connect, read and write timeouts. JavaMail's own
 * defaults are infinite: an SMTP server that accepts a connection and never answers would
 * hold the alert worker for ever. A timeout set explicitly in
 * {@code spring.mail.properties} is left as it is.
 */
final class MailTimeoutDefaults implements BeanPostProcessor {

	/** Connect, read (per socket read) and write timeouts, in milliseconds. */
	static final List<String> TIMEOUTS = List.of("connectiontimeout", "timeout", "writetimeout");

	private final Supplier<Duration> timeout;

	MailTimeoutDefaults(Supplier<Duration> timeout) {
		this.timeout = timeout;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof JavaMailSenderImpl sender) {
			Properties properties = sender.getJavaMailProperties();
			apply(properties, sender.getProtocol(), this.timeout.get());
			// Setting them again drops a session created from the old ones, if any.
			sender.setJavaMailProperties(properties);
		}
		return bean;
	}

	static void apply(Properties properties, String protocol, Duration timeout) {
		String millis = Long.toString(timeout.toMillis());
		for (String scheme : (protocol != null) ? List.of("smtp", "smtps", protocol) : List.of("smtp", "smtps")) {
			for (String name : TIMEOUTS) {
				properties.putIfAbsent("mail." + scheme + "." + name, millis);
			}
		}
	}

}
