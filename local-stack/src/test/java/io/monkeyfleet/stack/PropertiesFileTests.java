package io.monkeyfleet.stack;

import java.io.StringReader;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesFileTests {

	@Test
	void whatIsWrittenIsReadBackExactlyInTheOrderWritten() throws Exception {
		PropertiesFile file = new PropertiesFile().comment("a comment")
			.put("a.b", "{bcrypt}$2a$10$abc/def=")
			.put("key with:odd=chars", " leading space, tab\tand é")
			.putList("list", List.of("{java}", "-jar", "x y.jar"));
		Properties read = new Properties();
		read.load(new StringReader(file.text()));
		assertThat(read.getProperty("a.b")).isEqualTo("{bcrypt}$2a$10$abc/def=");
		assertThat(read.getProperty("key with:odd=chars")).isEqualTo(" leading space, tab\tand é");
		assertThat(read.getProperty("list[0]")).isEqualTo("{java}");
		assertThat(read.getProperty("list[2]")).isEqualTo("x y.jar");
		assertThat(file.text().indexOf("a.b")).isLessThan(file.text().indexOf("list[0]"));
	}

}
