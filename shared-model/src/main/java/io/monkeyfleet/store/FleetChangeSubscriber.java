package io.monkeyfleet.store;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.monkeyfleet.model.FleetChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Delivers {@link FleetChange} messages from the changes channel to listeners, on one
 * connection that resubscribes by itself (with backoff) after Redis comes back. A message
 * that does not decode is logged and dropped; listeners only ever see valid changes.
 *
 * <p>
 * Pub/sub delivers at most once: a message published while this subscriber is
 * disconnected is lost. Whoever relies on changes therefore also re-reads the full state
 * now and then.
 */
public class FleetChangeSubscriber implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FleetChangeSubscriber.class);

	private final RedisMessageListenerContainer container;

	private final ChannelTopic topic;

	private final FleetCodec codec;

	/** One thread delivers, so listeners see changes in the order they were published. */
	private final ExecutorService delivery = DaemonThreads.single("fleet-changes");

	public FleetChangeSubscriber(RedisConnectionFactory connectionFactory, KeySchema keys, FleetCodec codec) {
		this.topic = new ChannelTopic(keys.changesChannel());
		this.codec = codec;
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(connectionFactory);
		this.container.setTaskExecutor(new ConcurrentTaskExecutor(this.delivery));
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(2_000);
		this.container.setRecoveryBackoff(backOff);
		this.container.afterPropertiesSet();
		this.container.start();
	}

	/**
	 * Calls {@code listener} for every change from now on, on the subscriber's thread:
	 * keep it short and hand heavy work off.
	 * @return closing it stops the calls
	 */
	public AutoCloseable subscribe(Consumer<FleetChange> listener) {
		MessageListener messageListener = (message, pattern) -> {
			String json = new String(message.getBody(), StandardCharsets.UTF_8);
			FleetChange change;
			try {
				change = this.codec.decode(json, FleetChange.class, this.topic.getTopic());
			}
			catch (MalformedRecordException ex) {
				logger.warn("Dropped malformed change message {}", ex.getMessage());
				return;
			}
			listener.accept(change);
		};
		this.container.addMessageListener(messageListener, this.topic);
		return () -> this.container.removeMessageListener(messageListener, this.topic);
	}

	@Override
	public void close() {
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Closing the change subscriber failed", ex);
		}
		this.delivery.shutdownNow();
	}

}
