package io.monkeyfleet.monkey.admin.security;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the admin API and the dashboard ({@code monkeyfleet.monkey.security.*}).
 * Only hashes are configured: a leaked configuration file gives nobody a password or a
 * token. Start-up stops with one line when there is no user or a password is not a hash.
 *
 * @param users people, who sign in to the dashboard or send HTTP Basic credentials; at
 * least one
 * @param tokens bearer tokens, for scripts; cheaper per request than a password hash
 */
@Validated
@ConfigurationProperties("monkeyfleet.monkey.security")
public record AdminSecurityProperties(@Valid List<User> users, @Valid List<Token> tokens) {

	/** The fleet's name rule, for user and token names. */
	static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

	/** Password hashes Spring Security's delegating encoder checks; never plain text. */
	static final String HASH = "\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8)\\}.+";

	public AdminSecurityProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
		tokens = (tokens != null) ? List.copyOf(tokens) : List.of();
		if (users.isEmpty()) {
			throw new IllegalArgumentException("monkeyfleet.monkey.security.users is empty: configure at least one "
					+ "user (name, password as {bcrypt}..., role viewer or operator); the admin API never runs open");
		}
		Set<String> names = new HashSet<>();
		users.forEach((user) -> requireUnique(names, user.name()));
		tokens.forEach((token) -> requireUnique(names, token.name()));
	}

	private static void requireUnique(Set<String> names, String name) {
		if (!names.add(name)) {
			throw new IllegalArgumentException("security principal '" + name + "' is configured twice");
		}
	}

	/** What a user or token holder may do. */
	public enum Role {

		/** Read everything: the fleet, the monkeys, the events. */
		VIEWER,
		/** Read everything and act: node actions, routes, settings. */
		OPERATOR

	}

	/**
	 * @param name the user name
	 * @param password the password's hash with its encoder, such as
	 * <code>{bcrypt}$2a$10$...</code>; plain text (or {@code {noop}}) is refused
	 * @param role viewer or operator
	 */
	public record User(String name, String password, Role role) {

		public User {
			requireName(name, "user");
			if (password == null || !password.matches(HASH)) {
				throw new IllegalArgumentException("the password of user '" + name
						+ "' must be a hash such as {bcrypt}$2a$10$..., never plain text");
			}
			requireRole(role, name);
		}

	}

	/**
	 * @param name who holds the token (named in events as the operator)
	 * @param sha256 the SHA-256 of the token, 64 lower-case hex digits
	 * @param role viewer or operator
	 */
	public record Token(String name, String sha256, Role role) {

		public Token {
			requireName(name, "token");
			if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
				throw new IllegalArgumentException(
						"token '" + name + "' needs sha256: the SHA-256 of the token as 64 lower-case hex digits");
			}
			requireRole(role, name);
		}

	}

	private static void requireName(String name, String what) {
		if (name == null || !name.matches(NAME)) {
			throw new IllegalArgumentException(what + " name '" + name
					+ "' must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
	}

	private static void requireRole(Role role, String name) {
		if (role == null) {
			throw new IllegalArgumentException("'" + name + "' needs a role: viewer or operator");
		}
	}

}
