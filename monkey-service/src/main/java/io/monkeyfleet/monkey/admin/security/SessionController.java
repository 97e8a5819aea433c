package io.monkeyfleet.monkey.admin.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a browser page needs to know about its session: who is signed in, whether they may
 * act (the dashboard shows action buttons only then), and the CSRF token its changing
 * requests must carry.
 */
@RestController
@Tag(name = "session", description = "who is signed in")
class SessionController {

	@GetMapping("/api/session")
	@Operation(summary = "The signed-in user, their role and the session's CSRF token")
	Session session(Authentication authentication, CsrfToken csrf) {
		boolean operator = authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> authority.getAuthority()
				.equals("ROLE_" + AdminSecurityProperties.Role.OPERATOR.name()));
		return new Session(authentication.getName(),
				operator ? AdminSecurityProperties.Role.OPERATOR : AdminSecurityProperties.Role.VIEWER, operator,
				(csrf != null) ? new Csrf(csrf.getHeaderName(), csrf.getToken()) : null);
	}

	/** The sign-in page's CSRF token: the form must send it with the credentials. */
	@GetMapping("/login/csrf")
	@Operation(summary = "The CSRF token the sign-in form sends")
	Csrf loginCsrf(CsrfToken csrf) {
		return new Csrf(csrf.getParameterName(), csrf.getToken());
	}

	/**
	 * @param user who is signed in
	 * @param role their role
	 * @param operator whether they may act
	 * @param csrf the token changing requests carry in a header; absent for a request
	 * authenticated by its own credentials, which needs none
	 */
	record Session(String user, AdminSecurityProperties.Role role, boolean operator, Csrf csrf) {
	}

	/**
	 * @param name the header (or, for the sign-in form, the parameter) that carries it
	 * @param token its value
	 */
	record Csrf(String name, String token) {
	}

}
