package io.monkeyfleet.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the gateway-service. */
@SpringBootApplication
public class GatewayApplication {

	/** Reactor Netty's system property for the number of event-loop threads. */
	static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

	public static void main(String[] args) {
		// One event loop per core. Reactor Netty's default is at least four, and on a
		// two-core host the extra hand-offs between loops cost about a third of the
		// throughput (gateway-service/bench/run.sh measured 4.4k against 6.4k
		// requests/s).
		// An explicit -Dreactor.netty.ioWorkerCount still wins.
		if (System.getProperty(IO_WORKER_COUNT) == null) {
			System.setProperty(IO_WORKER_COUNT, String.valueOf(Runtime.getRuntime().availableProcessors()));
		}
		SpringApplication.run(GatewayApplication.class, args);
	}

}
