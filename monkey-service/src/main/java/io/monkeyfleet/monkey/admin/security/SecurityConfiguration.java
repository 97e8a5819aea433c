package io.monkeyfleet.monkey.admin.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import io.monkeyfleet.web.security.BearerTokens;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExceptionResolver;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Who may do what. Viewers read (every {@code GET}); only operators change anything
 * (every other method). People sign in to the dashboard with a form and a session;
 * scripts send HTTP Basic credentials or a bearer token with every request.
 *
 * <p>
 * CSRF: a browser session's changing requests must carry the session's CSRF token (the
 * dashboard sends it as a header). A request that carries an {@code Authorization} header
 * needs none: a browser never adds that header to a cross-site request by itself, because
 * this service never answers with a {@code Basic} challenge (which would make the browser
 * remember and resend credentials) — its 401 names {@code Bearer} only.
 *
 * <p>
 * Failures of the API answer as problem details through Spring MVC's exception handling,
 * like every other error; a page asked for without a session redirects to the sign-in
 * page.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminSecurityProperties.class)
public class SecurityConfiguration {

	private static final String OPERATOR = AdminSecurityProperties.Role.OPERATOR.name();

	private static final String VIEWER = AdminSecurityProperties.Role.VIEWER.name();

	/** Where a page asked for without a session sends the browser. */
	public static final String LOGIN_PAGE = "/login.html";

	@Bean
	SecurityFilterChain adminSecurityFilterChain(HttpSecurity http, AdminSecurityProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
		AuthenticationEntryPoint problem = (request, response, ex) -> resolver.resolveException(request, response, null,
				ex);
		// Refused before anyone signed in (a changing request without a CSRF token and
		// without credentials is refused by the CSRF check first): that is a 401.
		AccessDeniedHandler denied = (request, response, ex) -> resolver.resolveException(request, response, null,
				signedIn() ? ex : new InsufficientAuthenticationException("sign in first", ex));
		RequestMatcher api = new OrRequestMatcher(pathPattern("/api/**"), pathPattern("/v3/api-docs/**"),
				pathPattern("/v3/api-docs"), (request) -> request.getHeader("Authorization") != null);
		AuthenticationFilter bearer = BearerTokens.filter(properties.tokens()
			.stream()
			.map((token) -> new BearerTokens.Token(token.name(), token.sha256(), token.role().name()))
			.toList(), problem::commence);
		http.csrf((csrf) -> csrf.ignoringRequestMatchers((request) -> request.getHeader("Authorization") != null))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(pathPattern(LOGIN_PAGE), pathPattern("/login/csrf"),
						pathPattern("/dashboard/login.js"), pathPattern("/dashboard/dashboard.css"),
						pathPattern("/favicon.ico"), pathPattern("/actuator/health"),
						pathPattern("/actuator/health/**"), pathPattern("/actuator/prometheus"), pathPattern("/error"))
				.permitAll()
				.requestMatchers(pathPattern(HttpMethod.GET, "/**"), pathPattern(HttpMethod.HEAD, "/**"))
				.hasAnyRole(VIEWER, OPERATOR)
				.anyRequest()
				.hasRole(OPERATOR))
			.formLogin((form) -> form.loginPage(LOGIN_PAGE)
				.loginProcessingUrl("/login")
				.defaultSuccessUrl("/", true)
				.failureUrl(LOGIN_PAGE + "?error")
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl(LOGIN_PAGE + "?signed-out"))
			.httpBasic((basic) -> basic.authenticationEntryPoint(problem))
			.addFilterBefore(bearer, BasicAuthenticationFilter.class)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(problem, api)
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE), (request) -> true)
				.accessDeniedHandler(denied));
		return http.build();
	}

	private static boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(AdminSecurityProperties properties) {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (AdminSecurityProperties.User user : properties.users()) {
			users
				.createUser(User.withUsername(user.name()).password(user.password()).roles(user.role().name()).build());
		}
		// Only the lookup: a UserDetailsPasswordService would have every sign-in re-hash
		// a
		// password configured with a lower bcrypt cost than the default, on every
		// request.
		return users::loadUserByUsername;
	}

}
