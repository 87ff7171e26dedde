/**
 * EC2 instance metadata (IMDSv2), from which vpnd learns the addresses of the instance it runs on:
 * the Elastic IP that peers see behind EC2's 1:1 NAT ({@code local.id: ec2-public-ip}) and the
 * private address its packets leave from ({@code local.address: ec2-local-ip}).
 */
package io.vpnd.ec2;
