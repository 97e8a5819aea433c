package io.monkeyfleet.provisioner.drivers.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP fake of the EC2 Query API: it records each request's action, parameters
 * and signature, keeps instance states that move one step per describe (stopping, then
 * stopped), and answers in EC2's XML, so the real SDK talks to it as to EC2.
 */
final class FakeEc2 implements AutoCloseable {

	private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

	private static final Map<String, Integer> CODES = Map.of("pending", 0, "running", 16, "shutting-down", 32,
			"terminated", 48, "stopping", 64, "stopped", 80);

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	/** Per instance, the states it will report next, the last one staying. */
	private final Map<String, Deque<String>> states = new ConcurrentHashMap<>();

	private final String privateIp;

	private int launched;

	/** One request as EC2 saw it. */
	record Request(String action, Map<String, String> params, String authorization) {
	}

	FakeEc2(String privateIp) {
		this.privateIp = privateIp;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	void instance(String instanceId, String state) {
		this.states.put(instanceId, new ArrayDeque<>(List.of(state)));
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	List<String> actions() {
		return this.requests.stream().map(Request::action).toList();
	}

	Request first(String action) {
		return this.requests.stream()
			.filter((request) -> request.action().equals(action))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + action + " in " + actions()));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		String action = params.getOrDefault("Action", "");
		this.requests.add(new Request(action, params, exchange.getRequestHeaders().getFirst("Authorization")));
		String instanceId = params.get("InstanceId.1");
		if (instanceId != null && !this.states.containsKey(instanceId)) {
			error(exchange, "InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist");
			return;
		}
		switch (action) {
			case "RebootInstances" -> reply(exchange, "<RebootInstancesResponse xmlns=\"" + NS
					+ "\"><requestId>r</requestId>" + "<return>true</return></RebootInstancesResponse>");
			case "StopInstances" -> change(exchange, "StopInstancesResponse", instanceId, "stopping", "stopped");
			case "StartInstances" -> change(exchange, "StartInstancesResponse", instanceId, "pending", "running");
			case "TerminateInstances" ->
				change(exchange, "TerminateInstancesResponse", instanceId, "shutting-down", "terminated");
			case "DescribeInstances" -> reply(exchange, "<DescribeInstancesResponse xmlns=\"" + NS
					+ "\"><requestId>r</requestId><reservationSet><item><reservationId>r-1</reservationId>"
					+ "<ownerId>123456789012</ownerId><instancesSet>" + instanceXml(instanceId, next(instanceId))
					+ "</instancesSet></item></reservationSet></DescribeInstancesResponse>");
			case "RunInstances" -> {
				String newId;
				synchronized (this) {
					newId = String.format("i-0f%015x", ++this.launched);
				}
				this.states.put(newId, new ArrayDeque<>(List.of("pending", "running")));
				reply(exchange,
						"<RunInstancesResponse xmlns=\"" + NS + "\"><requestId>r</requestId>"
								+ "<reservationId>r-2</reservationId><ownerId>123456789012</ownerId><instancesSet>"
								+ instanceXml(newId, "pending") + "</instancesSet></RunInstancesResponse>");
			}
			default -> error(exchange, "InvalidAction", "unknown action " + action);
		}
	}

	private void change(HttpExchange exchange, String response, String instanceId, String transitional, String result)
			throws IOException {
		String previous = this.states.get(instanceId).peekLast();
		this.states.put(instanceId, new ArrayDeque<>(List.of(transitional, result)));
		reply(exchange,
				"<" + response + " xmlns=\"" + NS + "\"><requestId>r</requestId><instancesSet><item>" + "<instanceId>"
						+ instanceId + "</instanceId>" + state("currentState", transitional)
						+ state("previousState", previous) + "</item></instancesSet></" + response + ">");
	}

	private String next(String instanceId) {
		Deque<String> queue = this.states.get(instanceId);
		return (queue.size() > 1) ? queue.poll() : queue.peek();
	}

	private String instanceXml(String instanceId, String state) {
		return "<item><instanceId>" + instanceId + "</instanceId>" + state("instanceState", state)
				+ "<privateIpAddress>" + this.privateIp + "</privateIpAddress></item>";
	}

	private static String state(String element, String name) {
		return "<" + element + "><code>" + CODES.get(name) + "</code><name>" + name + "</name></" + element + ">";
	}

	private static void reply(HttpExchange exchange, String xml) throws IOException {
		send(exchange, 200, xml);
	}

	private static void error(HttpExchange exchange, String code, String message) throws IOException {
		send(exchange, 400, "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
				+ "</Message></Error></Errors><RequestID>r</RequestID></Response>");
	}

	private static void send(HttpExchange exchange, int status, String xml) throws IOException {
		byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				params.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return params;
	}

}
