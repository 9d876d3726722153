// skillgraph schema: uniqueness constraints on every stable key, then full-text indexes.
// Idempotent (IF NOT EXISTS): run it as often as you like. `skillgraph schema` applies it.

// --- ESCO -------------------------------------------------------------------------------
CREATE CONSTRAINT skill_uri IF NOT EXISTS FOR (n:Skill) REQUIRE n.uri IS UNIQUE;
CREATE CONSTRAINT skill_group_uri IF NOT EXISTS FOR (n:SkillGroup) REQUIRE n.uri IS UNIQUE;
CREATE CONSTRAINT occupation_uri IF NOT EXISTS FOR (n:Occupation) REQUIRE n.uri IS UNIQUE;
CREATE CONSTRAINT isco_group_code IF NOT EXISTS FOR (n:IscoGroup) REQUIRE n.code IS UNIQUE;

// --- O*NET ------------------------------------------------------------------------------
CREATE CONSTRAINT onet_occupation_code IF NOT EXISTS FOR (n:OnetOccupation) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT onet_descriptor_id IF NOT EXISTS FOR (n:OnetDescriptor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT technology_name IF NOT EXISTS FOR (n:Technology) REQUIRE n.name IS UNIQUE;

// --- Education programs and job ads ---------------------------------------------------
CREATE CONSTRAINT program_cip IF NOT EXISTS FOR (n:Program) REQUIRE n.cipCode IS UNIQUE;
CREATE CONSTRAINT job_ad_id IF NOT EXISTS FOR (n:JobAd) REQUIRE n.id IS UNIQUE;

// --- Model artifacts written back ---------------------------------------------------------
CREATE CONSTRAINT model_version IF NOT EXISTS FOR (n:ModelVersion) REQUIRE n.version IS UNIQUE;

// --- Lookup indexes -------------------------------------------------------------------
CREATE INDEX occupation_isco IF NOT EXISTS FOR (n:Occupation) ON (n.iscoCode);
CREATE INDEX skill_type IF NOT EXISTS FOR (n:Skill) ON (n.skillType);
CREATE INDEX onet_job_zone IF NOT EXISTS FOR (n:OnetOccupation) ON (n.jobZone);

// --- Full-text indexes over labels and alternative labels ----------------------------------
CREATE FULLTEXT INDEX skill_text IF NOT EXISTS
  FOR (n:Skill) ON EACH [n.label, n.altLabels, n.hiddenLabels];
CREATE FULLTEXT INDEX occupation_text IF NOT EXISTS
  FOR (n:Occupation) ON EACH [n.label, n.altLabels, n.hiddenLabels];
CREATE FULLTEXT INDEX onet_occupation_text IF NOT EXISTS
  FOR (n:OnetOccupation) ON EACH [n.title, n.alternateTitles, n.reportedTitles];
CREATE FULLTEXT INDEX program_text IF NOT EXISTS
  FOR (n:Program) ON EACH [n.title, n.definition];
CREATE FULLTEXT INDEX technology_text IF NOT EXISTS
  FOR (n:Technology) ON EACH [n.name];
CREATE FULLTEXT INDEX job_ad_text IF NOT EXISTS
  FOR (n:JobAd) ON EACH [n.title];
