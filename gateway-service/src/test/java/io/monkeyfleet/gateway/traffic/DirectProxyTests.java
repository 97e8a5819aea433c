package io.monkeyfleet.gateway.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request targets the direct path sends on as they are. */
class DirectProxyTests {

	@Test
	void takesOriginFormTargetsOfUriCharacters() {
		assertThat(DirectProxy.plainTarget("/")).isTrue();
		assertThat(DirectProxy.plainTarget("/web/a/b%20c/?q=1%202&r=x~y;z@w:v")).isTrue();
	}

	@Test
	void leavesEverythingElseToTheFramework() {
		assertThat(DirectProxy.plainTarget("")).isFalse();
		assertThat(DirectProxy.plainTarget("*")).isFalse();
		assertThat(DirectProxy.plainTarget("http://example.com/web/")).isFalse();
		assertThat(DirectProxy.plainTarget("/web/%ZZ")).isFalse();
		assertThat(DirectProxy.plainTarget("/web/%2")).isFalse();
		assertThat(DirectProxy.plainTarget("/web/é")).isFalse();
		assertThat(DirectProxy.plainTarget("/web/a b")).isFalse();
		assertThat(DirectProxy.plainTarget("/web/<script>")).isFalse();
		assertThat(DirectProxy.plainTarget("/web/a\"b")).isFalse();
	}

}
