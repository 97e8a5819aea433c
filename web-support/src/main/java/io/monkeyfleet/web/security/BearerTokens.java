package io.monkeyfleet.web.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * {@code Authorization: Bearer <token>} for the servlet services: the tokens are
 * configured as SHA-256 hashes (a leaked configuration gives nobody a token), each with
 * the name events carry and a role.
 */
public final class BearerTokens {

	private BearerTokens() {
	}

	/**
	 * @param name who holds the token
	 * @param sha256 the SHA-256 of the token, 64 lower-case hex digits
	 * @param role the role it grants, such as {@code OPERATOR}
	 */
	public record Token(String name, String sha256, String role) {
	}

	/**
	 * A filter that authenticates a request carrying a bearer token against
	 * {@code tokens}, lets a request without one through untouched (other mechanisms, or
	 * none, apply), and hands a wrong token to {@code failures}.
	 */
	public static AuthenticationFilter filter(List<Token> tokens, AuthenticationFailureHandler failures) {
		AuthenticationFilter bearer = new AuthenticationFilter(
				new ProviderManager(new BearerTokenAuthenticationProvider(tokens)), (request) -> {
					String header = request.getHeader("Authorization");
					if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
						return null;
					}
					return BearerTokenAuthentication.unchecked(header.substring(7).trim());
				});
		bearer.setSuccessHandler(new ContinueChain());
		bearer.setFailureHandler(failures);
		return bearer;
	}

	/** On success the request goes on down the chain, to the endpoint it asked for. */
	private static final class ContinueChain implements AuthenticationSuccessHandler {

		@Override
		public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
				Authentication authentication) throws IOException, ServletException {
			chain.doFilter(request, response);
		}

		@Override
		public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
				Authentication authentication) {
			// Not used: the chain variant above is the one AuthenticationFilter calls.
		}

	}

}
