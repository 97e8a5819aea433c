package io.monkeyfleet.monkey.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The users and tokens every test of monkey-service signs in with: a viewer and an
 * operator, each with a password (hashed with a low bcrypt cost, so that thousands of
 * requests stay cheap) and a bearer token (configured as its SHA-256).
 */
public final class TestUsers {

	public static final String VIEWER = "vera";

	public static final String VIEWER_PASSWORD = "vera-secret";

	public static final String OPERATOR = "otto";

	public static final String OPERATOR_PASSWORD = "otto-secret";

	public static final String VIEWER_TOKEN = "viewer-token-0123456789abcdef";

	public static final String OPERATOR_TOKEN = "operator-token-0123456789abcdef";

	private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);

	private TestUsers() {
	}

	/** The settings, as {@code name=value} pairs. */
	public static List<String> properties() {
		String prefix = "monkeyfleet.monkey.security.";
		return List.of(prefix + "users[0].name=" + VIEWER,
				prefix + "users[0].password={bcrypt}" + BCRYPT.encode(VIEWER_PASSWORD), prefix + "users[0].role=viewer",
				prefix + "users[1].name=" + OPERATOR,
				prefix + "users[1].password={bcrypt}" + BCRYPT.encode(OPERATOR_PASSWORD),
				prefix + "users[1].role=operator", prefix + "tokens[0].name=viewer-script",
				prefix + "tokens[0].sha256=" + sha256(VIEWER_TOKEN), prefix + "tokens[0].role=viewer",
				prefix + "tokens[1].name=operator-script", prefix + "tokens[1].sha256=" + sha256(OPERATOR_TOKEN),
				prefix + "tokens[1].role=operator");
	}

	/** The settings as command-line arguments of a monkey-service process. */
	public static List<String> arguments() {
		return properties().stream().map((property) -> "--" + property).toList();
	}

	public static void register(DynamicPropertyRegistry registry) {
		for (String property : properties()) {
			int equals = property.indexOf('=');
			String value = property.substring(equals + 1);
			registry.add(property.substring(0, equals), () -> value);
		}
	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
