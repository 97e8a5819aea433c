package io.monkeyfleet.monkey.alerts;

import java.util.List;

import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;

/**
 * Alerts as plain text mail through Spring's {@link MailSender}; the SMTP server,
 * credentials, TLS and timeouts are the sender's ({@code spring.mail.*}).
 */
final class MailChannel implements AlertChannel {

	private final MailSender sender;

	private final String from;

	private final String[] to;

	private final String subjectPrefix;

	MailChannel(MailSender sender, String from, List<String> to, String subjectPrefix) {
		this.sender = sender;
		this.from = from;
		this.to = to.toArray(String[]::new);
		this.subjectPrefix = (subjectPrefix == null || subjectPrefix.isBlank()) ? "" : subjectPrefix.strip() + " ";
	}

	@Override
	public String name() {
		return "mail";
	}

	@Override
	public void send(Notification notification) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(this.to);
		message.setSubject(this.subjectPrefix + AlertText.subject(notification));
		message.setText(AlertText.body(notification));
		this.sender.send(message);
	}

}
