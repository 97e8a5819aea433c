package io.monkeyfleet.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.process.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SampleAppProcessIT {

	@Test
	void runsAsItsOwnProcessOnAFreePortAndWritesItsPortAndPidFiles(@TempDir Path folder) throws Exception {
		Path portFile = folder.resolve("port");
		Path pidFile = folder.resolve("pid");
		try (JavaProcess app = JavaProcess.start("sample-app", SampleApp.class, List.of("-Xmx64m"),
				List.of("--node-id=proc-1", "--port=0", "--port-file=" + portFile, "--pid-file=" + pidFile),
				Map.of())) {
			await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(portFile) && Files.exists(pidFile));
			assertThat(Long.parseLong(Files.readString(pidFile))).isEqualTo(app.pid());
			int port = Integer.parseInt(Files.readString(portFile));
			assertThat(Http.get("http://127.0.0.1:" + port + "/").body()).isEqualTo("{\"node\":\"proc-1\"}");
			app.awaitOutput("sample-app proc-1 listening on 127.0.0.1:" + port, Duration.ofSeconds(5));
		}
	}

	@Test
	void badArgumentsEndItWithOneLineAndExitCodeTwo() {
		try (JavaProcess app = JavaProcess.start("sample-app", SampleApp.class, List.of(), List.of("--port=0"),
				Map.of())) {
			assertThat(app.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
			assertThat(app.output().strip()).isEqualTo("sample-app cannot start: --node-id is required");
		}
	}

}
