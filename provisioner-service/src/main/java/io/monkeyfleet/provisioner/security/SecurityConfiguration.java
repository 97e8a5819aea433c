package io.monkeyfleet.provisioner.security;

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
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
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
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Every request but health and metrics needs a bearer token or HTTP Basic credentials
 * from the configuration. Viewers read; operators also act. Failures answer with the same
 * problem bodies as every other error, through Spring MVC's exception handling.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfiguration {

	private static final String OPERATOR = AuthProperties.Role.OPERATOR.name();

	private static final String VIEWER = AuthProperties.Role.VIEWER.name();

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, AuthProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> resolver.resolveException(request, response,
				null, ex);
		AccessDeniedHandler denied = (request, response, ex) -> resolver.resolveException(request, response, null, ex);
		AuthenticationFilter bearer = BearerTokens.filter(properties.tokens()
			.stream()
			.map((token) -> new BearerTokens.Token(token.name(), token.sha256(), token.role().name()))
			.toList(), (request, response, ex) -> entryPoint.commence(request, response, ex));
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/jobs", "/jobs/**", "/hosts", "/hosts/**")
				.hasAnyRole(OPERATOR, VIEWER)
				.anyRequest()
				.hasRole(OPERATOR))
			.httpBasic((basic) -> basic.authenticationEntryPoint(entryPoint))
			.addFilterBefore(bearer, BasicAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(AuthProperties properties) {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
		for (AuthProperties.User user : properties.users()) {
			users
				.createUser(User.withUsername(user.name()).password(user.password()).roles(user.role().name()).build());
		}
		return users;
	}

}
