package io.monkeyfleet.web.security;

import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/** A bearer token as sent, then, once checked, the caller it belongs to. */
final class BearerTokenAuthentication extends AbstractAuthenticationToken {

	private final String token;

	private final String name;

	private BearerTokenAuthentication(String token, String name, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.token = token;
		this.name = name;
		setAuthenticated(name != null);
	}

	static BearerTokenAuthentication unchecked(String token) {
		return new BearerTokenAuthentication(token, null, List.of());
	}

	static BearerTokenAuthentication checked(String name, Collection<? extends GrantedAuthority> authorities) {
		return new BearerTokenAuthentication(null, name, authorities);
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return this.name;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
