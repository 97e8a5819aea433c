package io.monkeyfleet.monkey.admin;

import java.util.Set;

import io.monkeyfleet.model.NodeState;

/** What the admin API answers with a problem other than Spring MVC's own. */
final class AdminExceptions {

	private AdminExceptions() {
	}

	/** A node, pool, route or request named in the path does not exist: 404. */
	static class NotFound extends RuntimeException {

		private final String kind;

		private final String id;

		NotFound(String kind, String id, String detail) {
			super(detail);
			this.kind = kind;
			this.id = id;
		}

		String kind() {
			return this.kind;
		}

		String id() {
			return this.id;
		}

	}

	/** The node is not in a state the action may start from: 409. */
	static class IllegalAction extends RuntimeException {

		private final String nodeId;

		private final NodeState current;

		private final Set<NodeState> allowedFrom;

		IllegalAction(String nodeId, OperatorAction action, NodeState current) {
			super("node '" + nodeId + "' is " + current + "; " + action.word() + " needs it "
					+ ((action.allowedFrom().size() == 1) ? action.allowedFrom().iterator().next()
							: "one of " + action.allowedFrom()));
			this.nodeId = nodeId;
			this.current = current;
			this.allowedFrom = action.allowedFrom();
		}

		String nodeId() {
			return this.nodeId;
		}

		NodeState current() {
			return this.current;
		}

		Set<NodeState> allowedFrom() {
			return this.allowedFrom;
		}

	}

	/** The leader refused an operator request: 409, naming the rule. */
	static class Refused extends RuntimeException {

		private final OperatorVerdict verdict;

		Refused(OperatorVerdict verdict) {
			super(verdict.why());
			this.verdict = verdict;
		}

		OperatorVerdict verdict() {
			return this.verdict;
		}

	}

	/** The restart monkey refused a restart: 409, naming the rule. */
	static class RestartRefused extends RuntimeException {

		private final RestartController.RestartView view;

		RestartRefused(RestartController.RestartView view) {
			super(view.why());
			this.view = view;
		}

		RestartController.RestartView view() {
			return this.view;
		}

	}

	/** A runtime setting that does not validate: 400, naming the property. */
	static class InvalidSetting extends RuntimeException {

		private final String property;

		InvalidSetting(String property, String detail) {
			super(detail);
			this.property = property;
		}

		String property() {
			return this.property;
		}

	}

	/** The request's content is wrong in a way Bean Validation does not see: 400. */
	static class InvalidRequest extends RuntimeException {

		InvalidRequest(String detail) {
			super(detail);
		}

	}

	/** Creating something that exists already: 409. */
	static class AlreadyExists extends RuntimeException {

		AlreadyExists(String detail) {
			super(detail);
		}

	}

}
