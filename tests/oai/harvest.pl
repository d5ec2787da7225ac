#!/usr/bin/perl
# Debian's HTTP::OAI (libhttp-oai-perl) harvesting chanceryd's /oai page by page, for
# tests/oai/harvest_check.py. Usage: harvest.pl URL VERB PREFIX [FROM] [MUTATE-SCRIPT]
# Prints "responseDate DATE" (the first page's) and one "id<TAB>deleted|live" line per item;
# with MUTATE-SCRIPT, runs it (sh) after the first page, before asking for the second.
use strict;
use warnings;
use HTTP::OAI;

my ($url, $verb, $prefix, $from, $mutate) = @ARGV;
my $h = HTTP::OAI::Harvester->new(baseURL => $url, resume => 0);
my %args = (metadataPrefix => $prefix);
$args{from} = $from if defined $from && $from ne '';
my $r = $verb eq 'ListRecords' ? $h->ListRecords(%args) : $h->ListIdentifiers(%args);
my $page = 0;
while (1) {
  die "harvest failed: " . $r->message . "\n" unless $r->is_success;
  print "responseDate ", $r->responseDate, "\n" if $page == 0;
  while (my $item = $r->next) {
    my $header = $verb eq 'ListRecords' ? $item->header : $item;
    my $deleted = $header->is_deleted ? 'deleted' : 'live';
    print $header->identifier, "\t", $deleted, "\n";
  }
  ++$page;
  my $token = $r->resumptionToken;
  last unless $token && defined $token->resumptionToken && $token->resumptionToken ne '';
  system('sh', $mutate) == 0 or die "mutate failed\n" if $page == 1 && defined $mutate && $mutate ne '';
  $r = $verb eq 'ListRecords'
      ? $h->ListRecords(resumptionToken => $token->resumptionToken)
      : $h->ListIdentifiers(resumptionToken => $token->resumptionToken);
}
