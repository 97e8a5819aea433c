package io.monkeyfleet.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NodeAddressTests {

	@Test
	void parsesHostAndPort() {
		assertThat(NodeAddress.parse("app-1.internal:8080")).isEqualTo(new NodeAddress("app-1.internal", 8080));
		assertThat(NodeAddress.parse("10.0.0.7:80")).isEqualTo(new NodeAddress("10.0.0.7", 80));
	}

	@Test
	void parsesAndPrintsBracketedIpv6() {
		NodeAddress address = NodeAddress.parse("[::1]:9000");
		assertThat(address.host()).isEqualTo("::1");
		assertThat(address).hasToString("[::1]:9000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "no-port", "host:", ":80", "host:http", "::1:80", "bad host:80", "-bad-:80" })
	void refusesWhatIsNotHostColonPort(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> NodeAddress.parse(text)).withMessageContaining("address");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65536 })
	void refusesPortsOutOfRange(int port) {
		assertThatIllegalArgumentException().isThrownBy(() -> new NodeAddress("host", port))
			.withMessageContaining("between 1 and 65535");
	}

}
