package io.monkeyfleet.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AddressGuardTests {

	/** Names resolve only through this map: no DNS in unit tests. */
	private static final Map<String, String> DNS = Map.of("app.internal", "10.1.2.3", "evil.example", "169.254.169.254",
			"local.example", "127.0.0.1");

	private static final HostResolver RESOLVER = (host) -> {
		String address = DNS.get(host);
		if (address == null) {
			throw new UnknownHostException(host);
		}
		return new InetAddress[] { InetAddress.getByName(address) };
	};

	private static AddressGuard guard(boolean allowLoopback, List<String> allowedNetworks, List<String> ports) {
		return new AddressRules(allowedNetworks, AddressRules.DEFAULT_DENIED_NETWORKS, allowLoopback, ports)
			.guard(RESOLVER);
	}

	private final AddressGuard defaults = guard(false, List.of("0.0.0.0/0", "::/0"), List.of("1-65535"));

	@ParameterizedTest
	@ValueSource(strings = { "169.254.169.254", "169.254.0.1", "::ffff:169.254.169.254", "fe80::1", "fd00:ec2::254",
			"0.0.0.0", "127.0.0.1", "127.3.4.5", "::1", "evil.example", "local.example", "nowhere.example" })
	void refusesMetadataLinkLocalThisHostLoopbackAndUnresolvableTargetsByDefault(String host) {
		assertThat(this.defaults.check(host, 8080)).isInstanceOf(AddressGuard.Verdict.Denied.class);
	}

	@Test
	void allowsAnOrdinaryAddressAndPinsANameToTheAddressItWasCheckedAt() {
		assertThat(this.defaults.check("10.0.0.7", 8080)).isInstanceOf(AddressGuard.Verdict.Allowed.class);
		assertThat(this.defaults.check("app.internal", 8080)).isInstanceOfSatisfying(AddressGuard.Verdict.Allowed.class,
				(allowed) -> assertThat(allowed.address().getHostAddress()).isEqualTo("10.1.2.3"));
	}

	@Test
	void saysWhichRuleRefusedAnAddress() {
		assertThat(this.defaults.check("evil.example", 80)).isEqualTo(new AddressGuard.Verdict.Denied(
				"host 'evil.example' resolves to 169.254.169.254, inside the denied network 169.254.0.0/16"));
	}

	@Test
	void allowsLoopbackOnlyWhenTheLocalStackAsksForIt() {
		AddressGuard local = guard(true, List.of("0.0.0.0/0", "::/0"), List.of("1-65535"));

		assertThat(local.check("127.0.0.1", 8080)).isInstanceOf(AddressGuard.Verdict.Allowed.class);
		assertThat(local.check("169.254.169.254", 80)).isInstanceOf(AddressGuard.Verdict.Denied.class);
	}

	@Test
	void keepsTargetsInsideTheAllowedNetworksAndPorts() {
		AddressGuard tight = guard(false, List.of("10.0.0.0/8"), List.of("8080", "9000-9100"));

		assertThat(tight.check("10.9.9.9", 9050)).isInstanceOf(AddressGuard.Verdict.Allowed.class);
		assertThat(tight.check("192.168.1.1", 8080)).isInstanceOf(AddressGuard.Verdict.Denied.class);
		assertThat(tight.check("10.9.9.9", 22)).isInstanceOf(AddressGuard.Verdict.Denied.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "jar:file:/x.jar!/", "forward:/internal", "gopher://10.0.0.1/",
			"http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/", "http:///nohost" })
	void refusesUrisThatAreNotHttpToAnAllowedAddress(String uri) {
		assertThat(this.defaults.checkUri(uri)).isInstanceOf(AddressGuard.Verdict.Denied.class);
	}

	@Test
	void acceptsAnHttpUriToAnAllowedAddress() {
		assertThat(this.defaults.checkUri("https://app.internal/path"))
			.isInstanceOf(AddressGuard.Verdict.Allowed.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.0/33", "not-a-network", "10.0.0.0/x", "" })
	void refusesANetworkThatIsNotCidr(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text)).withMessageContaining("network");
	}

	@Test
	void badRulesAreRefusedWithAMessageNamingTheEntry() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AddressRules(List.of("10.0.0.0/8"), List.of(), false, List.of("80-20")))
			.withMessageContaining("80-20");
	}

}
