package io.monkeyfleet.loadgen.send;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.monkeyfleet.loadgen.mix.Malformation;
import io.monkeyfleet.loadgen.mix.PlannedRequest;
import io.monkeyfleet.loadgen.mix.PlannedRequest.Header;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawHttpSenderTests {

	private final RawHttpSender sender = new RawHttpSender(URI.create("http://127.0.0.1:8080"), Duration.ofSeconds(1),
			Duration.ofSeconds(1), AnsweredBy.field("node"));

	@Test
	void aRequestIsSentExactlyAsPlannedBrokenPartsIncluded() {
		PlannedRequest request = new PlannedRequest(1, "GET", "/%zz", List.of(new Header("X-Broken header line", null)),
				"", Malformation.BROKEN_HEADER);
		assertThat(new String(this.sender.bytes(request), StandardCharsets.UTF_8)).isEqualTo(
				"GET /%zz HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Broken header line\r\nConnection: close\r\n\r\n");
	}

	@Test
	void aBodyGetsItsLengthUnlessTheRequestSetsOne() {
		PlannedRequest body = new PlannedRequest(1, "POST", "/", List.of(), "{\"a\"", Malformation.BROKEN_BODY);
		assertThat(new String(this.sender.bytes(body), StandardCharsets.UTF_8)).contains("Content-Length: 4\r\n")
			.endsWith("\r\n\r\n{\"a\"");
		PlannedRequest badLength = new PlannedRequest(1, "POST", "/", List.of(new Header("Content-Length", "abc")), "",
				Malformation.BAD_CONTENT_LENGTH);
		assertThat(new String(this.sender.bytes(badLength), StandardCharsets.UTF_8)).contains("Content-Length: abc\r\n")
			.doesNotContain("Content-Length: 0");
	}

	@Test
	void theAnsweringNodeIsReadFromTheBody() {
		assertThat(AnsweredBy.field("node").in("{\"node\":\"node-2\",\"ms\":5}")).isEqualTo("node-2");
		assertThat(AnsweredBy.field("node").in("{\"other\":1}")).isNull();
		assertThat(AnsweredBy.field("").in("{\"node\":\"node-2\"}")).isNull();
	}

}
