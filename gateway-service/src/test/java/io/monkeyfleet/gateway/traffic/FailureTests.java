package io.monkeyfleet.gateway.traffic;

import java.io.IOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTests {

	@Test
	void aConnectionThatClosedBeforeTheRequestWasSentIsAClosedConnectionAndRetryable() {
		Failure failure = Failure.of(AbortedException.beforeSend());
		assertThat(failure).isEqualTo(Failure.CLOSED);
		assertThat(failure.retryable()).isTrue();
	}

	@Test
	void causesAreFoundThroughTheChain() {
		assertThat(Failure.of(new IllegalStateException(new ConnectException("refused")))).isEqualTo(Failure.CONNECT);
		assertThat(Failure.of(new RuntimeException(PrematureCloseException.TEST_EXCEPTION))).isEqualTo(Failure.CLOSED);
		assertThat(Failure.of(new IOException("reset"))).isEqualTo(Failure.CLOSED);
		assertThat(Failure.of(new ResponseStatusException(org.springframework.http.HttpStatus.GATEWAY_TIMEOUT)))
			.isEqualTo(Failure.TIMEOUT);
	}

	@Test
	void anythingElseIsNotRetried() {
		Failure failure = Failure.of(new IllegalArgumentException("a bug"));
		assertThat(failure).isEqualTo(Failure.OTHER);
		assertThat(failure.retryable()).isFalse();
	}

}
