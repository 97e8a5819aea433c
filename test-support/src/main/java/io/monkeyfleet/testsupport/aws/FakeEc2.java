package io.monkeyfleet.testsupport.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP fake of the EC2 Query API, for the real AWS SDK to talk to as to EC2. It
 * records each request's action, parameters and signature; keeps instances whose states
 * move one step per describe (pending, then running; shutting-down, then terminated),
 * with the tags they were launched with; and, like EC2, answers a RunInstances repeated
 * with the same client token with the instance the first one launched. Errors, lost
 * answers and launches that never run are scripted per test.
 *
 * <p>
 * A reboot plays EC2's real sequence: the instance reports {@code running} throughout,
 * while its {@linkplain #guest guest} (the operating system, its app and its agent) shuts
 * down a moment after RebootInstances and boots again later. Without a guest a reboot
 * changes nothing the fake shows.
 */
public final class FakeEc2 implements AutoCloseable {

	private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

	private static final Map<String, Integer> CODES = Map.of("pending", 0, "running", 16, "shutting-down", 32,
			"terminated", 48, "stopping", 64, "stopped", 80);

	private final HttpServer server;

	private final String privateIp;

	private final Clock clock;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	/** Guarded by {@code this}, as everything below. */
	private final Map<String, Instance> instances = new LinkedHashMap<>();

	/**
	 * RunInstances by client token: the instance launched and the request's parameters.
	 */
	private final Map<String, Launched> tokens = new HashMap<>();

	private final Map<String, Refusal> refusals = new HashMap<>();

	private final List<String> answersToLose = new ArrayList<>();

	private List<String> launchStates = List.of("pending", "running");

	private String[] launchStateReason;

	private int launched;

	private final Map<String, GuestTimeline> guests = new HashMap<>();

	private final ScheduledExecutorService guestEvents = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "fake-ec2-guest");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * What runs on an instance. EC2 asks it to reboot (an ACPI signal); it goes down and
	 * comes back on its own time, while EC2 keeps saying {@code running}.
	 */
	public interface Guest {

		/** The operating system shuts down: its app and its agent stop. */
		void shutDown();

		/** It has booted again (with a new boot id) and starts its app and agent. */
		void boot();

	}

	private record GuestTimeline(Guest guest, Duration downAfter, Duration bootTime) {
	}

	/** One request as EC2 saw it. */
	public record Request(String action, Map<String, String> params, String authorization) {
	}

	private record Refusal(int status, String code, String message) {
	}

	private record Launched(String instanceId, Map<String, String> params) {
	}

	private static final class Instance {

		private final Deque<String> states;

		private final Map<String, String> tags;

		private final Instant launchTime;

		/** Why it terminated: {code, message}, or null. */
		private String[] stateReason;

		Instance(List<String> states, Map<String, String> tags, Instant launchTime, String[] stateReason) {
			this.states = new ArrayDeque<>(states);
			this.tags = tags;
			this.launchTime = launchTime;
			this.stateReason = stateReason;
		}

		/** The state a describe reports now; it moves on by one, the last one staying. */
		String next() {
			return (this.states.size() > 1) ? this.states.poll() : this.states.peek();
		}

		String current() {
			return this.states.peek();
		}

		void moveTo(String... states) {
			this.states.clear();
			this.states.addAll(List.of(states));
		}

	}

	/**
	 * A fake with instances at the private IP given, launched at the system clock's time.
	 */
	public FakeEc2(String privateIp) {
		this(privateIp, Clock.systemUTC());
	}

	/**
	 * @param privateIp every instance's private IP
	 * @param clock the launch time of every instance launched
	 */
	public FakeEc2(String privateIp, Clock clock) {
		this.privateIp = privateIp;
		this.clock = clock;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Where the SDK's {@code endpointOverride} points. */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** An instance that exists already, untagged, launched now, in the state given. */
	public synchronized void instance(String instanceId, String state) {
		this.instances.put(instanceId, new Instance(List.of(state), Map.of(), this.clock.instant(), null));
	}

	/** An instance that exists already with the tags, state and launch time given. */
	public synchronized void instance(String instanceId, String state, Map<String, String> tags, Instant launchTime) {
		this.instances.put(instanceId, new Instance(List.of(state), Map.copyOf(tags), launchTime, null));
	}

	/**
	 * The states instances launched from now on report, one per describe, the last one
	 * staying (by default pending, then running).
	 */
	public synchronized void launchesAs(String... states) {
		this.launchStates = List.of(states);
		this.launchStateReason = null;
	}

	/**
	 * Instances launched from now on go from pending to terminated with this state
	 * reason, as EC2 does when it cannot place or boot one after accepting it.
	 */
	public synchronized void launchesFailWith(String code, String message) {
		this.launchStates = List.of("pending", "terminated");
		this.launchStateReason = new String[] { code, message };
	}

	/**
	 * Runs {@code guest} on the instance: each RebootInstances of it shuts the guest down
	 * {@code downAfter} later, and boots it {@code bootTime} after that; the instance
	 * reports {@code running} all along, as on EC2.
	 */
	public synchronized void guest(String instanceId, Guest guest, Duration downAfter, Duration bootTime) {
		instanceOf(instanceId);
		this.guests.put(instanceId, new GuestTimeline(guest, downAfter, bootTime));
	}

	/** Moves an instance to a state, where it stays. */
	public synchronized void move(String instanceId, String state) {
		instanceOf(instanceId).moveTo(state);
	}

	/** Forgets an instance, as EC2 does about an hour after it terminated. */
	public synchronized void forget(String instanceId) {
		this.instances.remove(instanceId);
	}

	/** Every call of the action is refused with this error until {@link #accept}. */
	public synchronized void refuse(String action, int status, String code, String message) {
		this.refusals.put(action, new Refusal(status, code, message));
	}

	/** Calls of the action are no longer refused. */
	public synchronized void accept(String action) {
		this.refusals.remove(action);
	}

	/**
	 * The next call of the action takes effect, but its answer is lost: the caller gets a
	 * 503, as when a connection drops after EC2 acted.
	 */
	public synchronized void loseNextAnswer(String action) {
		this.answersToLose.add(action);
	}

	/** The ids of every instance the fake knows, in the order they appeared. */
	public synchronized List<String> instanceIds() {
		return List.copyOf(this.instances.keySet());
	}

	/** The state an instance reports next. */
	public synchronized String state(String instanceId) {
		return instanceOf(instanceId).current();
	}

	/** The tags an instance was launched with. */
	public synchronized Map<String, String> tags(String instanceId) {
		return instanceOf(instanceId).tags;
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public List<String> actions() {
		return this.requests.stream().map(Request::action).toList();
	}

	/** Every request of the action, oldest first. */
	public List<Request> all(String action) {
		return this.requests.stream().filter((request) -> request.action().equals(action)).toList();
	}

	public Request first(String action) {
		return this.requests.stream()
			.filter((request) -> request.action().equals(action))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + action + " in " + actions()));
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.guestEvents.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		String action = params.getOrDefault("Action", "");
		this.requests.add(new Request(action, params, exchange.getRequestHeaders().getFirst("Authorization")));
		Answer answer;
		synchronized (this) {
			answer = answer(action, params);
			if (this.answersToLose.remove(action)) {
				answer = new Answer(503, error("ServiceUnavailable", "the answer to " + action + " was lost"));
			}
		}
		send(exchange, answer);
	}

	private record Answer(int status, String xml) {
	}

	private Answer answer(String action, Map<String, String> params) {
		Refusal refusal = this.refusals.get(action);
		if (refusal != null) {
			return new Answer(refusal.status(), error(refusal.code(), refusal.message()));
		}
		String instanceId = params.get("InstanceId.1");
		if (instanceId != null && !this.instances.containsKey(instanceId)) {
			return new Answer(400,
					error("InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist"));
		}
		return switch (action) {
			case "RebootInstances" -> reboot(instanceId);
			case "StopInstances" -> change("StopInstancesResponse", instanceId, "stopping", "stopped");
			case "StartInstances" -> change("StartInstancesResponse", instanceId, "pending", "running");
			case "TerminateInstances" ->
				change("TerminateInstancesResponse", instanceId, "shutting-down", "terminated");
			case "DescribeInstances" -> describe(instanceId);
			case "RunInstances" -> run(params);
			default -> new Answer(400, error("InvalidAction", "unknown action " + action));
		};
	}

	/** The state stays {@code running}; only the guest, if any, goes down and back. */
	private Answer reboot(String instanceId) {
		GuestTimeline timeline = this.guests.get(instanceId);
		if (timeline != null) {
			long down = timeline.downAfter().toMillis();
			this.guestEvents.schedule(timeline.guest()::shutDown, down, TimeUnit.MILLISECONDS);
			this.guestEvents.schedule(timeline.guest()::boot, down + timeline.bootTime().toMillis(),
					TimeUnit.MILLISECONDS);
		}
		return ok("<RebootInstancesResponse xmlns=\"" + NS + "\"><requestId>r</requestId>"
				+ "<return>true</return></RebootInstancesResponse>");
	}

	private Answer run(Map<String, String> params) {
		String token = params.get("ClientToken");
		Map<String, String> withoutToken = new HashMap<>(params);
		withoutToken.remove("ClientToken");
		Launched earlier = (token != null) ? this.tokens.get(token) : null;
		if (earlier != null && !earlier.params().equals(withoutToken)) {
			return new Answer(400, error("IdempotentParameterMismatch",
					"The client token '" + token + "' was used before with different parameters"));
		}
		String instanceId;
		if (earlier != null && this.instances.containsKey(earlier.instanceId())) {
			// EC2's idempotency: the same token answers with what it launched then.
			instanceId = earlier.instanceId();
		}
		else {
			instanceId = String.format("i-0f%015x", ++this.launched);
			this.instances.put(instanceId, new Instance(this.launchStates, instanceTags(params), this.clock.instant(),
					this.launchStateReason));
			if (token != null) {
				this.tokens.put(token, new Launched(instanceId, withoutToken));
			}
		}
		return ok("<RunInstancesResponse xmlns=\"" + NS + "\"><requestId>r</requestId>"
				+ "<reservationId>r-2</reservationId><ownerId>123456789012</ownerId><instancesSet>"
				+ instanceXml(instanceId, this.instances.get(instanceId).current())
				+ "</instancesSet></RunInstancesResponse>");
	}

	private Answer describe(String instanceId) {
		StringBuilder items = new StringBuilder();
		for (String id : (instanceId != null) ? List.of(instanceId) : List.copyOf(this.instances.keySet())) {
			items.append(instanceXml(id, this.instances.get(id).next()));
		}
		return ok("<DescribeInstancesResponse xmlns=\"" + NS
				+ "\"><requestId>r</requestId><reservationSet><item><reservationId>r-1</reservationId>"
				+ "<ownerId>123456789012</ownerId><instancesSet>" + items
				+ "</instancesSet></item></reservationSet></DescribeInstancesResponse>");
	}

	private Answer change(String response, String instanceId, String transitional, String result) {
		Instance instance = this.instances.get(instanceId);
		String previous = instance.states.peekLast();
		if (previous.equals(result)) {
			// Repeating a change that is done changes nothing (terminating a terminated
			// instance answers terminated), as on EC2.
			transitional = result;
		}
		else {
			instance.moveTo(transitional, result);
			instance.stateReason = null;
		}
		return ok("<" + response + " xmlns=\"" + NS + "\"><requestId>r</requestId><instancesSet><item>" + "<instanceId>"
				+ instanceId + "</instanceId>" + state("currentState", transitional) + state("previousState", previous)
				+ "</item></instancesSet></" + response + ">");
	}

	private Instance instanceOf(String instanceId) {
		Instance instance = this.instances.get(instanceId);
		if (instance == null) {
			throw new AssertionError(
					"the fake EC2 has no instance " + instanceId + ", only " + this.instances.keySet());
		}
		return instance;
	}

	private String instanceXml(String instanceId, String state) {
		Instance instance = this.instances.get(instanceId);
		StringBuilder xml = new StringBuilder("<item><instanceId>").append(instanceId)
			.append("</instanceId>")
			.append(state("instanceState", state))
			.append("<privateIpAddress>")
			.append(this.privateIp)
			.append("</privateIpAddress><launchTime>")
			.append(instance.launchTime.truncatedTo(ChronoUnit.MILLIS))
			.append("</launchTime>");
		if (instance.stateReason != null && state.equals("terminated")) {
			xml.append("<stateReason><code>")
				.append(escape(instance.stateReason[0]))
				.append("</code><message>")
				.append(escape(instance.stateReason[0] + ": " + instance.stateReason[1]))
				.append("</message></stateReason>");
		}
		if (!instance.tags.isEmpty()) {
			xml.append("<tagSet>");
			instance.tags.forEach((key, value) -> xml.append("<item><key>")
				.append(escape(key))
				.append("</key><value>")
				.append(escape(value))
				.append("</value></item>"));
			xml.append("</tagSet>");
		}
		return xml.append("</item>").toString();
	}

	/** The tags of the request's TagSpecification for resource type instance. */
	private static Map<String, String> instanceTags(Map<String, String> params) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (int spec = 1; params.containsKey("TagSpecification." + spec + ".ResourceType"); spec++) {
			if (params.get("TagSpecification." + spec + ".ResourceType").equals("instance")) {
				String prefix = "TagSpecification." + spec + ".Tag.";
				for (int tag = 1; params.containsKey(prefix + tag + ".Key"); tag++) {
					tags.put(params.get(prefix + tag + ".Key"), params.getOrDefault(prefix + tag + ".Value", ""));
				}
			}
		}
		return Map.copyOf(tags);
	}

	private static String state(String element, String name) {
		return "<" + element + "><code>" + CODES.get(name) + "</code><name>" + name + "</name></" + element + ">";
	}

	private static Answer ok(String xml) {
		return new Answer(200, xml);
	}

	private static String error(String code, String message) {
		return "<Response><Errors><Error><Code>" + escape(code) + "</Code><Message>" + escape(message)
				+ "</Message></Error></Errors><RequestID>r</RequestID></Response>";
	}

	private static void send(HttpExchange exchange, Answer answer) throws IOException {
		byte[] bytes = answer.xml().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
		exchange.sendResponseHeaders(answer.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
