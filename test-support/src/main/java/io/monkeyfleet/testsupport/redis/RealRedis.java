package io.monkeyfleet.testsupport.redis;

/**
 * A real Redis server that a test talks to over TCP: a container or a
 * {@code redis-server} process, never a mock.
 */
public interface RealRedis extends AutoCloseable {

	String host();

	int port();

	/** A {@code redis://host:port} URI, handy for clients configured by URI. */
	default String uri() {
		return "redis://" + host() + ":" + port();
	}

	/**
	 * Stops the server so clients see connection failures. {@link #start()} brings it
	 * back on the same host and port; data is not kept.
	 */
	void stop();

	/** Starts the server again after {@link #stop()}, on the same host and port. */
	void start();

	/** Stops the server for good and frees what it used. */
	@Override
	void close();

}
