package io.monkeyfleet.provisioner;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.monkeyfleet.provisioner.boot.BootMarkerCheck;
import io.monkeyfleet.provisioner.boot.BootProperties;
import io.monkeyfleet.provisioner.cluster.ClusterRestartPlanner;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.aws.AwsDriver;
import io.monkeyfleet.provisioner.drivers.aws.AwsDriverProperties;
import io.monkeyfleet.provisioner.drivers.aws.Ec2Clients;
import io.monkeyfleet.provisioner.drivers.docker.DockerClients;
import io.monkeyfleet.provisioner.drivers.docker.DockerDriver;
import io.monkeyfleet.provisioner.drivers.docker.DockerDriverProperties;
import io.monkeyfleet.provisioner.drivers.docker.RedisAgentCredentials;
import io.monkeyfleet.provisioner.drivers.local.LocalDriver;
import io.monkeyfleet.provisioner.drivers.local.LocalDriverProperties;
import io.monkeyfleet.provisioner.drivers.ssh.SshDriver;
import io.monkeyfleet.provisioner.drivers.ssh.SshDriverProperties;
import io.monkeyfleet.provisioner.health.HealthCheckProperties;
import io.monkeyfleet.provisioner.health.HttpProbe;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.InventoryProperties;
import io.monkeyfleet.provisioner.inventory.SshSettings;
import io.monkeyfleet.provisioner.jobs.JobEngine;
import io.monkeyfleet.provisioner.jobs.JobIds;
import io.monkeyfleet.provisioner.jobs.JobMetrics;
import io.monkeyfleet.provisioner.jobs.JobPlanner;
import io.monkeyfleet.provisioner.jobs.JobProperties;
import io.monkeyfleet.provisioner.jobs.JobStore;
import io.monkeyfleet.provisioner.jobs.JobSubmitter;
import io.monkeyfleet.provisioner.jobs.StepRunner;
import io.monkeyfleet.provisioner.web.JobRequests;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the inventory, the drivers and the job engine. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ InventoryProperties.class, LocalDriverProperties.class, SshDriverProperties.class,
		AwsDriverProperties.class, DockerDriverProperties.class, HealthCheckProperties.class, BootProperties.class,
		JobProperties.class })
class ProvisionerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RandomGenerator randomGenerator() {
		return new SecureRandom();
	}

	@Bean
	Inventory inventory(InventoryProperties properties, StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		return new Inventory(properties, redis, keys, codec);
	}

	@Bean(destroyMethod = "close")
	LocalDriver localDriver(LocalDriverProperties properties, Inventory inventory, FleetCodec codec,
			RandomGenerator random) {
		LocalDriver driver = new LocalDriver(properties, inventory, codec, random);
		driver.recoverStaleProcesses();
		return driver;
	}

	@Bean(destroyMethod = "close")
	SshDriver sshDriver(SshDriverProperties properties, InventoryProperties inventory) {
		SshDriver driver = new SshDriver(properties);
		Map<String, SshSettings> users = new LinkedHashMap<>();
		inventory.hosts()
			.stream()
			.filter((host) -> host.ssh() != null)
			.forEach((host) -> users.put("Host '" + host.id() + "'", host.ssh()));
		inventory.launchTemplates()
			.stream()
			.filter((template) -> template.ssh() != null)
			.forEach((template) -> users.put("Launch template '" + template.name() + "'", template.ssh()));
		users.forEach((who, ssh) -> {
			if (!driver.commandSetNames().contains(ssh.commandSet())) {
				driver.close();
				throw new InvalidConfigurationException(
						who + " names ssh command-set '" + ssh.commandSet() + "', which is not configured (known: "
								+ driver.commandSetNames() + ")",
						"Add monkeyfleet.provisioner.ssh.command-sets." + ssh.commandSet()
								+ " or fix its ssh.command-set");
			}
		});
		return driver;
	}

	@Bean(destroyMethod = "close")
	Ec2Clients ec2Clients(AwsDriverProperties properties) {
		return new Ec2Clients(properties);
	}

	@Bean
	AwsDriver awsDriver(AwsDriverProperties properties, Ec2Clients ec2, SshDriver ssh) {
		return new AwsDriver(properties, ec2, ssh);
	}

	@Bean(destroyMethod = "close")
	DockerClients dockerClients(DockerDriverProperties properties) {
		return new DockerClients(properties);
	}

	/**
	 * Only when configured: the user it logs in as can mint Redis users, which is as
	 * strong as Redis's administrator (see {@link RedisAgentCredentials}).
	 */
	@Bean(destroyMethod = "close")
	RedisAgentCredentials agentCredentials(DockerDriverProperties properties, InventoryProperties inventory,
			KeySchema keys) {
		boolean launchesDockerNodes = inventory.launchTemplates()
			.stream()
			.anyMatch((template) -> template.driver() == DriverKind.DOCKER);
		if (properties.credentials() == null) {
			if (launchesDockerNodes) {
				throw new InvalidConfigurationException(
						"A docker launch template is configured, but monkeyfleet.provisioner.docker.credentials is not: "
								+ "each launched node's agent needs a Redis user of its own",
						"Set monkeyfleet.provisioner.docker.credentials.host, .username and .password (a Redis user "
								+ "allowed +acl|setuser +acl|deluser +acl|save)");
			}
			return null;
		}
		return new RedisAgentCredentials(properties.credentials(), keys, new SecureRandom());
	}

	@Bean
	DockerDriver dockerDriver(DockerDriverProperties properties, DockerClients docker,
			ObjectProvider<RedisAgentCredentials> credentials, Inventory inventory) {
		return new DockerDriver(properties, docker, credentials.getIfAvailable(), inventory::template);
	}

	@Bean
	Drivers drivers(List<HostDriver> drivers) {
		return new Drivers(drivers);
	}

	@Bean
	HttpProbe httpProbe(HealthCheckProperties properties) {
		return new HttpProbe(properties.requestTimeout());
	}

	/**
	 * The nodes' samples, read only (the provisioner's Redis user may read nothing else
	 * of the fleet): a reboot is done when the node publishes a new boot marker.
	 */
	@Bean
	BootMarkerCheck bootMarkerCheck(FleetStore store, BootProperties properties) {
		return new BootMarkerCheck(store::sample, properties);
	}

	@Bean
	StepRunner stepRunner(Inventory inventory, Drivers drivers, HttpProbe probe, HealthCheckProperties health,
			BootMarkerCheck boot) {
		return new StepRunner(inventory, drivers, probe, health, boot);
	}

	@Bean
	JobStore jobStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec, Clock clock,
			JobProperties properties) {
		return new JobStore(redis, keys, codec, clock, properties);
	}

	@Bean
	JobIds jobIds(Clock clock, RandomGenerator random) {
		return new JobIds(clock, random);
	}

	@Bean
	JobPlanner jobPlanner(Inventory inventory, Drivers drivers, Clock clock, JobIds ids) {
		return new JobPlanner(inventory, drivers, clock, ids);
	}

	@Bean
	ClusterRestartPlanner clusterRestartPlanner(Inventory inventory, JobPlanner planner) {
		return new ClusterRestartPlanner(inventory, planner);
	}

	@Bean(destroyMethod = "close")
	JobEngine jobEngine(JobStore store, StepRunner steps, Clock clock, JobProperties properties,
			RandomGenerator random) {
		return new JobEngine(store, steps, clock, properties, instanceId(random));
	}

	@Bean
	JobMetrics jobMetrics(MeterRegistry registry, JobEngine engine) {
		JobMetrics metrics = new JobMetrics(registry, engine);
		engine.setListener(metrics);
		return metrics;
	}

	@Bean
	JobSubmitter jobSubmitter(JobStore store, JobEngine engine) {
		return new JobSubmitter(store, engine);
	}

	@Bean
	JobRequests jobRequests(JobSubmitter submitter, FleetCodec codec) {
		return new JobRequests(submitter, codec);
	}

	/** Jobs start once the service is ready, so a taken-over job never races start-up. */
	@EventListener(ApplicationReadyEvent.class)
	void startJobs(ApplicationReadyEvent event) {
		event.getApplicationContext().getBean(JobEngine.class).start();
	}

	private static String instanceId(RandomGenerator random) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown";
		}
		byte[] suffix = new byte[4];
		random.nextBytes(suffix);
		return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(suffix);
	}

}
