package io.monkeyfleet.monkey.provisioning;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The provisioner's REST API (docs/provisioner.md), with a bearer token and timeouts on
 * every call: a hung provisioner must never hang the monkeys' tick.
 */
public class HttpProvisioner implements Provisioner {

	static final String FENCING_TOKEN = "Fencing-Token";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final int MAX_REASON = 500;

	private final RestClient client;

	public HttpProvisioner(String baseUrl, String bearerToken, Duration timeout) {
		// HTTP/1.1: the JDK client would otherwise try an h2c upgrade on every plain-HTTP
		// request.
		HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(timeout);
		this.client = RestClient.builder()
			.baseUrl(baseUrl)
			.requestFactory(requests)
			.defaultHeader("Authorization", "Bearer " + bearerToken)
			.build();
	}

	@Override
	public String reboot(String hostId, long fencingToken, String idempotencyKey, String reason) {
		return post("reboot " + hostId, "/hosts/" + hostId + "/reboot", fencingToken, idempotencyKey,
				Map.of("reason", shorten(reason)))
			.id();
	}

	@Override
	public LaunchJob launch(String template, long fencingToken, String idempotencyKey, String reason) {
		JobView job = post("launch from " + template, "/hosts", fencingToken, idempotencyKey,
				Map.of("template", template, "reason", shorten(reason)));
		if (job.hosts() == null || job.hosts().isEmpty()) {
			throw new ProvisionerException("launch from " + template + ": the job names no host", false, null);
		}
		return new LaunchJob(job.id(), job.hosts().get(0));
	}

	@Override
	public String terminate(String hostId, long fencingToken, String idempotencyKey, String reason) {
		return post("terminate " + hostId, "/hosts/" + hostId + "/terminate", fencingToken, idempotencyKey,
				Map.of("reason", shorten(reason)))
			.id();
	}

	@Override
	public String migrate(String sourceHostId, String targetHostId, long fencingToken, String idempotencyKey,
			String reason) {
		return post("migrate " + sourceHostId + " to " + targetHostId, "/hosts/" + sourceHostId + "/migrate",
				fencingToken, idempotencyKey, Map.of("target", targetHostId, "reason", shorten(reason)))
			.id();
	}

	@Override
	public String restart(String hostId, String smokeTestPath, long fencingToken, String idempotencyKey,
			String reason) {
		Map<String, Object> service = new LinkedHashMap<>();
		service.put("host", hostId);
		if (smokeTestPath != null) {
			service.put("smokeTest", Map.of("path", smokeTestPath));
		}
		return post("restart " + hostId, "/clusters/restart", fencingToken, idempotencyKey,
				Map.of("services", List.of(service), "onFailure", "STOP", "reason", shorten(reason)))
			.id();
	}

	private JobView post(String what, String path, long fencingToken, String idempotencyKey, Map<String, ?> body) {
		return call(what,
				() -> this.client.post()
					.uri(path)
					.header(FENCING_TOKEN, String.valueOf(fencingToken))
					.header(IDEMPOTENCY_KEY, idempotencyKey)
					.contentType(MediaType.APPLICATION_JSON)
					.body(body)
					.retrieve()
					.body(JobView.class));
	}

	private static String shorten(String reason) {
		return (reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) : reason;
	}

	@Override
	public JobState job(String jobId) {
		try {
			JobView job = call("job " + jobId,
					() -> this.client.get().uri("/jobs/{id}", jobId).retrieve().body(JobView.class));
			return switch (job.status()) {
				case "SUCCEEDED" -> JobState.SUCCEEDED;
				case "FAILED", "CANCELLED" -> JobState.FAILED;
				default -> JobState.RUNNING;
			};
		}
		catch (ProvisionerException ex) {
			if (ex.getCause() instanceof RestClientResponseException response
					&& response.getStatusCode().isSameCodeAs(HttpStatusCode.valueOf(404))) {
				// A job the provisioner does not know is not running and never will be.
				return JobState.FAILED;
			}
			throw ex;
		}
	}

	private static <T> T call(String what, java.util.function.Supplier<T> request) {
		try {
			T body = request.get();
			if (body == null) {
				throw new ProvisionerException(what + ": the provisioner answered with no body", false, null);
			}
			return body;
		}
		catch (RestClientResponseException ex) {
			String problem = ex.getResponseBodyAsString();
			boolean stale = ex.getStatusCode().value() == 409 && problem.contains("stale-fencing-token");
			throw new ProvisionerException(what + ": " + ex.getStatusCode().value() + " " + problem, stale, ex);
		}
		catch (RestClientException ex) {
			throw new ProvisionerException(what + ": " + ex.getMessage(), false, ex);
		}
	}

	/** The part of the provisioner's job resource the monkey reads. */
	record JobView(String id, String status, List<String> hosts) {
	}

}
