package io.monkeyfleet.web.errors;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Problem answers for the requests refused before Spring MVC sees them, so that no answer
 * of this service is an HTML error page or a bare JSON map: requests Spring Security's
 * firewall rejects (an encoded {@code ..}, a NUL in the path), and requests Tomcat itself
 * rejects (an encoded slash, a malformed URL), which it answers through its error report
 * valve; and, with {@link ProblemErrorController}, what the container's own error
 * dispatch answers. A servlet service imports it ({@code @Import(ErrorAnswers.class)}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ProblemErrorController.class)
public class ErrorAnswers {

	static final String REJECTED = "the request's URL or headers are not acceptable; nothing was done";

	@Bean
	RequestRejectedHandler problemRequestRejectedHandler() {
		return (request, response, ex) -> write(response, HttpStatus.BAD_REQUEST.value(), REJECTED);
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	static void write(HttpServletResponse response, int status, String detail) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(json(status, detail));
		response.flushBuffer();
	}

	static String json(int status, String detail) {
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		// Fixed texts only: nothing from the request is echoed, so nothing needs
		// escaping.
		return "{\"type\":\"urn:monkeyfleet:problem:http-" + status + "\",\"title\":\"" + title + "\",\"status\":"
				+ status + ",\"detail\":\"" + detail + "\"}";
	}

	/**
	 * Tomcat's error report as a problem document instead of an HTML page with the
	 * server's name.
	 */
	public static class ProblemErrorReportValve extends ErrorReportValve {

		private static final Map<Integer, String> DETAILS = Map.of(400, REJECTED);

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			try {
				response.setContentType("application/problem+json");
				response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(json(status, DETAILS.getOrDefault(status, "the request failed; nothing was done")));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away; nothing more to say.
			}
		}

	}

}
