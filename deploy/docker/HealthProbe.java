import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The image's HEALTHCHECK: exit 0 when the URL answers 2xx within the timeout, 1 otherwise.
 * The JRE images carry no curl or wget and a shell one-liner cannot speak HTTP; this is the
 * JDK's own HTTP client, compiled in the image's build stage, no dependency.
 *
 * Usage: java -cp /opt/healthprobe HealthProbe [url] (default: $HEALTHCHECK_URL)
 */
public final class HealthProbe {

	public static void main(String[] args) {
		String url = (args.length > 0) ? args[0] : System.getenv("HEALTHCHECK_URL");
		if (url == null || url.isBlank()) {
			System.err.println("HealthProbe: no URL (argument or HEALTHCHECK_URL)");
			System.exit(2);
		}
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			HttpResponse<Void> response = client.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() / 100 == 2) {
				System.exit(0);
			}
			System.err.println("HealthProbe: " + url + " answered " + response.statusCode());
		}
		catch (Exception ex) {
			System.err.println("HealthProbe: " + url + " failed: " + ex);
		}
		System.exit(1);
	}

}
