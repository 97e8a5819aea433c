package io.monkeyfleet.provisioner.security;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.monkeyfleet.provisioner.inventory.Names;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the provisioner. Only hashes are configured: a leaked configuration file
 * gives nobody a password or a token.
 *
 * @param users HTTP Basic users, for operators
 * @param tokens bearer tokens, for services (monkey-service); cheaper per request than a
 * password hash
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.security")
public record AuthProperties(@Valid List<User> users, @Valid List<Token> tokens) {

	public AuthProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
		tokens = (tokens != null) ? List.copyOf(tokens) : List.of();
		if (users.isEmpty() && tokens.isEmpty()) {
			throw new IllegalArgumentException("configure at least one of monkeyfleet.provisioner.security.users "
					+ "and monkeyfleet.provisioner.security.tokens; the provisioner never runs open");
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

	/** What a caller may do. */
	public enum Role {

		/** Read jobs and hosts, and start and cancel jobs. */
		OPERATOR,
		/** Read jobs and hosts only. */
		VIEWER

	}

	/**
	 * @param name the user name
	 * @param password the password's hash with its encoder, such as
	 * <code>{bcrypt}$2a$10$...</code>; {@code {noop}} (plain text) is refused
	 * @param role what the user may do
	 */
	public record User(@NotNull @Pattern(regexp = Names.ID) String name,
			@NotNull @Pattern(regexp = User.HASH) String password, @NotNull Role role) {

		static final String HASH = "\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8)\\}.+";

		public User {
			if (password == null || !password.matches(HASH)) {
				throw new IllegalArgumentException("the password of user '" + name
						+ "' must be a hash such as {bcrypt}$2a$10$..., never plain text");
			}
		}

	}

	/**
	 * @param name who holds the token (shown as the job's requester)
	 * @param sha256 the SHA-256 of the token, 64 lower-case hex digits
	 * @param role what its holder may do
	 */
	public record Token(@NotNull @Pattern(regexp = Names.ID) String name,
			@NotNull @Pattern(regexp = "[0-9a-f]{64}") String sha256, @NotNull Role role) {

		public Token {
			if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
				throw new IllegalArgumentException(
						"token '" + name + "' needs sha256: the SHA-256 of the token as 64 lower-case hex digits");
			}
		}

	}

}
