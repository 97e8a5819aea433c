package io.monkeyfleet.web.security;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BearerTokenAuthenticationProviderTests {

	private final BearerTokenAuthenticationProvider provider = new BearerTokenAuthenticationProvider(
			List.of(new BearerTokens.Token("ci", hash("ci-token"), "VIEWER"),
					new BearerTokens.Token("monkey", hash("monkey-token"), "OPERATOR")));

	@Test
	void aKnownTokenAuthenticatesItsHolderWithItsRole() {
		Authentication checked = this.provider.authenticate(BearerTokenAuthentication.unchecked("monkey-token"));
		assertThat(checked.isAuthenticated()).isTrue();
		assertThat(checked.getName()).isEqualTo("monkey");
		assertThat(checked.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_OPERATOR");
		assertThat(checked.getCredentials()).as("the token is not kept").isNull();
	}

	@Test
	void anUnknownTokenIsRefused() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(BearerTokenAuthentication.unchecked("guess")));
	}

	private static String hash(String token) {
		return HexFormat.of().formatHex(BearerTokenAuthenticationProvider.sha256(token));
	}

}
