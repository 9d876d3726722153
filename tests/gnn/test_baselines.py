"""Baseline scorers."""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from gnn.baselines import adamic_adar_scorer, cosine_scorer, popularity_scorer


def test_adamic_adar_weights_shared_neighbours_by_inverse_log_degree() -> None:
    # nodes 0,1 share item 0 (degree 2); nodes 0,2 share item 1 (degree 3: 0,1,2)
    inc = sp.csr_matrix(np.array([[1, 1], [1, 1], [0, 1]], dtype=float))
    s = adamic_adar_scorer(inc)(np.array([0]))
    assert s[0, 1] == np.float64(1 / math.log(2) + 1 / math.log(3))
    assert s[0, 2] == np.float64(1 / math.log(3))


def test_popularity_counts_in_degree_when_directed_and_both_ends_when_symmetric() -> None:
    train = np.array([[0, 1, 2], [3, 3, 0]])
    directed = popularity_scorer(train, 4, symmetric=False)(np.array([0]))
    symmetric = popularity_scorer(train, 4, symmetric=True)(np.array([0]))
    assert directed[0].tolist() == [1, 0, 0, 2]
    assert symmetric[0].tolist() == [2, 1, 1, 2]


def test_cosine_scorer_ignores_vector_length() -> None:
    m = np.array([[1.0, 0.0], [5.0, 0.0], [0.0, 2.0]])
    s = cosine_scorer(m, m)(np.array([0]))
    assert np.allclose(s[0], [1.0, 1.0, 0.0])


def test_shared_programs_and_job_ads_count_as_neighbours_for_adamic_adar() -> None:
    from gnn.baselines import onet_neighbourhood, skill_neighbourhood
    from gnn.export import JOB_AD_MENTIONS, PREPARES_FOR
    from tests.gnn.tiny import tiny_export

    export = tiny_export()
    none = np.zeros((2, 0), dtype=np.int64)
    onet = onet_neighbourhood(export, none)
    assert onet.shape[1] == sum(export.num_nodes(label) for label in (
        "Technology", "Program", "Skill", "OnetOccupation"))
    programs = export.edges[PREPARES_FOR]
    program_cols = onet[:, export.num_nodes("Technology"):][:, :export.num_nodes("Program")]
    assert program_cols.nnz == programs.shape[1]
    assert program_cols[programs[1, 0], programs[0, 0]] == 1
    skills = skill_neighbourhood(export, none)
    ads = export.edges[JOB_AD_MENTIONS]
    ad_cols = skills[:, export.num_nodes("Occupation"):][:, :export.num_nodes("JobAd")]
    assert ad_cols.nnz == ads.shape[1]
    assert ad_cols[ads[1, 0], ads[0, 0]] == 1
