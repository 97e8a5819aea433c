package io.monkeyfleet.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The stack's SMTP server (GreenMail, in the launcher's JVM): monkey-service's alert
 * mails are real mails, received here, saved as {@code .eml} files in the work folder
 * (any mail program opens them) and announced on the launcher's console.
 */
public final class MailCatcher implements AutoCloseable {

	private final GreenMail greenMail;

	private final Path folder;

	private final Clock clock;

	private final Consumer<Mail> listener;

	private final List<Mail> mails = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "mail-catcher");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A received mail.
	 *
	 * @param receivedAt when the catcher saw it
	 * @param subject its subject
	 * @param to its recipients
	 * @param body its text
	 * @param file where it was saved
	 */
	public record Mail(Instant receivedAt, String subject, List<String> to, String body, Path file) {

	}

	private MailCatcher(GreenMail greenMail, Path folder, Clock clock, Consumer<Mail> listener) {
		this.greenMail = greenMail;
		this.folder = folder;
		this.clock = clock;
		this.listener = listener;
	}

	/**
	 * Listens for SMTP on 127.0.0.1:{@code port}; each new mail goes to {@code listener}.
	 */
	static MailCatcher start(int port, Path folder, Clock clock, Consumer<Mail> listener) {
		GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		greenMail.start();
		MailCatcher catcher = new MailCatcher(greenMail, folder, clock, listener);
		catcher.poller.scheduleWithFixedDelay(catcher::collect, 200, 200, TimeUnit.MILLISECONDS);
		return catcher;
	}

	/** Every mail received so far, oldest first. */
	public List<Mail> mails() {
		collect();
		return List.copyOf(this.mails);
	}

	private synchronized void collect() {
		MimeMessage[] received = this.greenMail.getReceivedMessages();
		for (int i = this.mails.size(); i < received.length; i++) {
			try {
				this.mails.add(save(i + 1, received[i]));
				this.listener.accept(this.mails.get(this.mails.size() - 1));
			}
			catch (IOException | MessagingException | RuntimeException ex) {
				this.mails.add(new Mail(this.clock.instant(), "(unreadable mail: " + ex.getMessage() + ")", List.of(),
						"", null));
			}
		}
	}

	private Mail save(int number, MimeMessage message) throws IOException, MessagingException {
		String subject = (message.getSubject() != null) ? message.getSubject() : "(no subject)";
		String slug = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
		Path file = this.folder
			.resolve(String.format(Locale.ROOT, "%04d-%s.eml", number, slug.substring(0, Math.min(60, slug.length()))));
		try (OutputStream out = Files.newOutputStream(file)) {
			message.writeTo(out);
		}
		List<String> to = new ArrayList<>();
		Address[] recipients = message.getAllRecipients();
		if (recipients != null) {
			for (Address address : recipients) {
				to.add(address.toString());
			}
		}
		return new Mail(this.clock.instant(), subject, to, GreenMailUtil.getBody(message), file);
	}

	@Override
	public void close() {
		this.poller.shutdownNow();
		this.greenMail.stop();
	}

}
