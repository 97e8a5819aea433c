package io.monkeyfleet.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Redis ACL rules of each service's user, built from the {@link KeySchema} so that a
 * new key or a new prefix cannot drift from the permissions: each user may touch only the
 * keys its service owns or reads, and only the commands its service sends. Redis 7 or
 * newer ({@code %R~} read-only key patterns).
 *
 * <p>
 * The rules are for {@code ACL SETUSER <user> reset on #<sha256> <rules>}, or an ACL file
 * line {@code user <user> on #<sha256> <rules>}; {@code deploy/redis/acl-rules.conf} is
 * this class's output for the default prefix and {@code deploy/redis/render-acl.sh} adds
 * the passwords.
 *
 * <p>
 * Every service gets the connection commands minus the dangerous ones ({@code CLIENT
 * KILL}, {@code CLIENT LIST} are in {@code @connection} too), and {@code INFO}, which
 * Spring Boot's Redis health indicator sends. {@code SCAN} and {@code RANDOMKEY} are
 * taken away because they would list key names outside the user's patterns.
 */
public final class RedisAcl {

	/** What every client connection needs: AUTH, HELLO, PING, CLIENT SETNAME/SETINFO. */
	private static final String CONNECTION = "+@connection -@dangerous";

	/**
	 * Data commands for the services whose code grows, bound by their key patterns; the
	 * dangerous ones go with {@link #CONNECTION}, which comes after.
	 */
	private static final String DATA = "+@read +@write +eval +evalsha -scan -randomkey";

	private final KeySchema keys;

	public RedisAcl(KeySchema keys) {
		this.keys = keys;
	}

	/**
	 * gateway-service: reads the fleet (nodes, samples, states, pools, routes, events),
	 * writes its traffic reports and its ejection events, and saves the pools and routes
	 * of its seed file (SET, SADD, XADD and PUBLISH inside the store's script: Redis
	 * checks a script's commands against the caller's rules); listens to the changes
	 * channel. It cannot move a node, write a sample, or touch monkey-service's or the
	 * provisioner's keys.
	 */
	public String gateway() {
		return "resetchannels " + read(this.keys.node("*")) + " " + read(this.keys.nodeIndex()) + " "
				+ all(this.keys.pool("*")) + " " + all(this.keys.poolIndex()) + " " + all(this.keys.route("*")) + " "
				+ all(this.keys.routeIndex()) + " " + all(this.keys.events()) + " " + all(this.keys.gatewayReports())
				+ " &" + this.keys.changesChannel() + " -@all +get +mget +smembers +xrange +xrevrange +xlen +xadd +hset"
				+ " +hgetall +hdel +set +sadd +publish +eval +evalsha +subscribe +unsubscribe +ping " + CONNECTION
				+ " +info";
	}

	/**
	 * monkey-service: every fleet key (it moves lifecycle states and removes nodes), the
	 * gateways' reports (read only) and its own {@code monkey:*} keys; never the
	 * provisioner's.
	 */
	public String monkey() {
		return "resetchannels " + all(this.keys.node("*")) + " " + all(this.keys.nodeIndex()) + " "
				+ all(this.keys.pool("*")) + " " + all(this.keys.poolIndex()) + " " + all(this.keys.route("*")) + " "
				+ all(this.keys.routeIndex()) + " " + all(this.keys.events()) + " " + read(this.keys.gatewayReports())
				+ " " + all(this.keys.prefix() + "monkey:*") + " &" + this.keys.changesChannel() + " -@all " + DATA
				+ " +subscribe +unsubscribe +publish +ping " + CONNECTION + " +info";
	}

	/**
	 * provisioner-service: its own {@code prov:*} keys, and the nodes' samples read only
	 * (a reboot job is done when the node's agent publishes a new boot marker); no other
	 * fleet key, no channel.
	 */
	public String provisioner() {
		return "resetchannels " + all(this.keys.prefix() + "prov:*") + " " + read(this.keys.nodeSample("*")) + " -@all "
				+ DATA + " " + CONNECTION + " +info";
	}

	/**
	 * The enroller: provisioner-service's docker driver, which gives each node it
	 * launches an agent user of its own ({@code ACL SETUSER}), deletes it when the node
	 * is terminated ({@code ACL DELUSER}) and saves the ACL file so the users outlive a
	 * restart ({@code ACL SAVE}). No key, no channel, no other command: but a user that
	 * can create users is as strong as {@code admin}, so only the provisioner that holds
	 * the Docker socket (root on its host anyway) gets this password.
	 */
	public String enroller() {
		return "resetchannels -@all " + CONNECTION + " +acl|setuser +acl|deluser +acl|save";
	}

	/** An agent: only its own node's keys; see {@link KeySchema#agentAclRules}. */
	public String agent(String nodeId) {
		return this.keys.agentAclRules(nodeId);
	}

	/**
	 * The users of a deployment, in the order of the ACL file: {@code gateway},
	 * {@code monkey}, {@code provisioner}, {@code enroller}, then {@code agent-<node>}
	 * for each node.
	 */
	public Map<String, String> users(Iterable<String> agentNodeIds) {
		Map<String, String> users = new LinkedHashMap<>();
		users.put("gateway", gateway());
		users.put("monkey", monkey());
		users.put("provisioner", provisioner());
		users.put("enroller", enroller());
		agentNodeIds.forEach((node) -> users.put("agent-" + node, agent(node)));
		return users;
	}

	private static String read(String pattern) {
		return "%R~" + pattern;
	}

	private static String all(String pattern) {
		return "~" + pattern;
	}

}
