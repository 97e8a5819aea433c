package io.monkeyfleet.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTests {

	@Test
	void refusesDotSegmentsAndEncodedSeparators() {
		assertThat(RequestPaths.malformed("/actuator/health/../env")).isTrue();
		assertThat(RequestPaths.malformed("/actuator/./env")).isTrue();
		assertThat(RequestPaths.malformed("/..")).isTrue();
		assertThat(RequestPaths.malformed("/actuator/health/a%2Fb")).isTrue();
		assertThat(RequestPaths.malformed("/a%2fb")).isTrue();
		assertThat(RequestPaths.malformed("/a%5Cb")).isTrue();
		assertThat(RequestPaths.malformed("/%2e%2e/env")).isTrue();
		assertThat(RequestPaths.malformed("/a%00")).isTrue();
		assertThat(RequestPaths.malformed(".")).isTrue();
		assertThat(RequestPaths.malformed("/a/..")).isTrue();
		assertThat(RequestPaths.malformed("/a/.%2E/b")).isTrue();
	}

	@Test
	void letsOrdinaryPathsThrough() {
		assertThat(RequestPaths.malformed("/")).isFalse();
		assertThat(RequestPaths.malformed("/actuator/health/readiness")).isFalse();
		assertThat(RequestPaths.malformed("/web/a.b/..c/d..")).isFalse();
		assertThat(RequestPaths.malformed("/work?ms=1")).isFalse();
		assertThat(RequestPaths.malformed("/%20space%C3%BC")).isFalse();
		assertThat(RequestPaths.malformed(null)).isFalse();
		assertThat(RequestPaths.malformed("/a/...")).isFalse();
		assertThat(RequestPaths.malformed("/a/.hidden")).isFalse();
		assertThat(RequestPaths.malformed("/a%2")).isFalse();
	}

}
