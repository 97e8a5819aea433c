package io.monkeyfleet.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks a bearer token against the configured SHA-256 hashes. Tokens are long random
 * strings, so a fast hash is enough; every configured hash is compared in constant time.
 */
final class BearerTokenAuthenticationProvider implements AuthenticationProvider {

	private final List<BearerTokens.Token> tokens;

	BearerTokenAuthenticationProvider(List<BearerTokens.Token> tokens) {
		this.tokens = List.copyOf(tokens);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = (String) authentication.getCredentials();
		byte[] hash = HexFormat.of().formatHex(sha256(token)).getBytes(StandardCharsets.US_ASCII);
		BearerTokens.Token match = null;
		for (BearerTokens.Token candidate : this.tokens) {
			if (MessageDigest.isEqual(hash, candidate.sha256().getBytes(StandardCharsets.US_ASCII))) {
				match = candidate;
			}
		}
		if (match == null) {
			throw new BadCredentialsException("unknown bearer token");
		}
		return BearerTokenAuthentication.checked(match.name(),
				List.of(new SimpleGrantedAuthority("ROLE_" + match.role())));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthentication.class.isAssignableFrom(authentication);
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

}
