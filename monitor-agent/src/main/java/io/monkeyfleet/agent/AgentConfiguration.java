package io.monkeyfleet.agent;

import java.time.Clock;
import java.util.OptionalInt;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.monkeyfleet.agent.heartbeat.HeartbeatHealthIndicator;
import io.monkeyfleet.agent.heartbeat.HeartbeatLoop;
import io.monkeyfleet.agent.sampling.BootMarkers;
import io.monkeyfleet.agent.sampling.HealthProbe;
import io.monkeyfleet.agent.sampling.HostMeter;
import io.monkeyfleet.agent.sampling.Meter;
import io.monkeyfleet.agent.sampling.PidSource;
import io.monkeyfleet.agent.sampling.ProcessTreeMeter;
import io.monkeyfleet.agent.sampling.Sampler;
import io.monkeyfleet.store.FleetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the agent: a meter, a health probe, a sampler and the heartbeat loop. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentProperties.class)
class AgentConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AgentConfiguration.class);

	@Bean
	Meter meter(AgentProperties properties, Clock clock) {
		SystemInfo system = new SystemInfo();
		AgentProperties.Cpu cpu = properties.cpu();
		Meter meter;
		if (cpu.source() == AgentProperties.Source.PROCESS) {
			Supplier<OptionalInt> pid = (cpu.pid() != null) ? PidSource.fixed(cpu.pid())
					: PidSource.file(cpu.pidFile());
			meter = new ProcessTreeMeter(system.getOperatingSystem(), pid, cpu.cores(), cpu.memoryLimit().toBytes(),
					clock);
		}
		else {
			meter = new HostMeter(system.getHardware().getMemory());
		}
		logger.info("Measuring {}", meter.describe());
		return meter;
	}

	@Bean
	HealthProbe healthProbe(AgentProperties properties) {
		HealthProbe probe = new HealthProbe(properties.health().url(), properties.health().timeout());
		logger.info("Probing application health at {}", probe.describe());
		return probe;
	}

	@Bean
	Sampler sampler(AgentProperties properties, Meter meter, HealthProbe healthProbe, Clock clock) {
		AgentProperties.BootMarker settings = properties.bootMarker();
		String bootMarker = bootMarker(settings);
		logger.info("Boot marker {} (from {})", bootMarker, (settings.source() == AgentProperties.BootMarkerSource.FILE)
				? settings.file() : "the start time of process 1");
		return new Sampler(properties.nodeId(), meter, healthProbe, clock, bootMarker);
	}

	/**
	 * Read once: it cannot change while this process lives. Unreadable, it stops start-up
	 * with one line naming the property, like any bad configuration.
	 */
	private static String bootMarker(AgentProperties.BootMarker settings) {
		try {
			return switch (settings.source()) {
				case FILE -> BootMarkers.fromFile(settings.file());
				case INIT_START -> BootMarkers.initStart(BootMarkers.INIT_STAT);
			};
		}
		catch (IllegalArgumentException ex) {
			boolean file = settings.source() == AgentProperties.BootMarkerSource.FILE;
			throw new InvalidConfigurationPropertyValueException(
					"monkeyfleet.agent.boot-marker." + (file ? "file" : "source"),
					file ? settings.file() : "init-start", ex.getMessage());
		}
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	HeartbeatLoop heartbeatLoop(AgentProperties properties, Sampler sampler, FleetStore store, Clock clock) {
		return new HeartbeatLoop(properties.node(), sampler, store, properties.interval(),
				properties.sampleTimeToLive(), properties.reregisterInterval(), clock);
	}

	@Bean
	HeartbeatHealthIndicator heartbeatHealthIndicator(HeartbeatLoop heartbeat, AgentProperties properties) {
		return new HeartbeatHealthIndicator(heartbeat, properties.sampleTimeToLive());
	}

	@Bean
	MeterBinder heartbeatMetrics(HeartbeatLoop heartbeat) {
		return (registry) -> {
			FunctionCounter.builder("monkeyfleet.agent.samples.written", heartbeat, HeartbeatLoop::samplesWritten)
				.description("Samples written to Redis")
				.register(registry);
			FunctionCounter.builder("monkeyfleet.agent.sample.write.failures", heartbeat, HeartbeatLoop::writeFailures)
				.description("Heartbeats that could not be written (Redis unreachable or refusing)")
				.register(registry);
			Gauge.builder("monkeyfleet.agent.last.write.age", heartbeat, HeartbeatLoop::lastWriteAgeSeconds)
				.description("Seconds since the last sample was written")
				.baseUnit("seconds")
				.register(registry);
		};
	}

}
