package io.monkeyfleet.monkey.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dashboard: static pages under {@code /dashboard/} (plain HTML, CSS and JavaScript,
 * served from this jar; no build step), reading the admin API with the signed-in session.
 * {@code /} opens it; without a session the browser is sent to the sign-in page first.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/").setViewName("forward:/dashboard/index.html");
	}

}
